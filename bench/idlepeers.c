// idlepeers: holds N silent connections open to a server, the way clients that connect and
// then say nothing look to it, until killed or for at most -d seconds.
//
//   idlepeers [-h HOST] [-p PORT] [-n N] [-d SECS]    (defaults: 127.0.0.1, 1060, 10000, 600)
//
// Prints "idle connected N" once the N connections are open (a script waits for that line), or
// "idle connected M of N: ERROR" if some could not be made, and keeps the M. On SIGTERM, SIGINT
// or after SECS it prints "idle closed_by_server=K of M": how many the server closed meanwhile
// (with a read timeout longer than the run, 0). Exit status 1 if no connection could be made.
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static volatile sig_atomic_t stop;

static void on_signal(int sig) {
  (void)sig;
  stop = 1;
}

int main(int argc, char **argv) {
  const char *host = "127.0.0.1", *port = "1060";
  long count = 10000, seconds = 600;
  int o;
  while ((o = getopt(argc, argv, "h:p:n:d:")) != -1) {
    switch (o) {
      case 'h': host = optarg; break;
      case 'p': port = optarg; break;
      case 'n': count = atol(optarg); break;
      case 'd': seconds = atol(optarg); break;
      default: count = -1;
    }
  }
  if (optind < argc || count < 1 || count > 1000000 || seconds < 1) {
    fprintf(stderr, "usage: idlepeers [-h HOST] [-p PORT] [-n N] [-d SECS]\n");
    return 2;
  }
  setvbuf(stdout, NULL, _IOLBF, 0);

  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *addr;
  int gai = getaddrinfo(host, port, &hints, &addr);
  if (gai) {
    fprintf(stderr, "idlepeers: %s:%s: %s\n", host, port, gai_strerror(gai));
    return 2;
  }
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < (rlim_t)count + 64) {
    files.rlim_cur = files.rlim_max < (rlim_t)count + 64 ? files.rlim_max : (rlim_t)count + 64;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  // no SA_RESTART: a signal also ends a connect that the server's full backlog holds up
  struct sigaction sa = {.sa_handler = on_signal};
  sigaction(SIGTERM, &sa, NULL);
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGALRM, &sa, NULL);
  alarm((unsigned)seconds);

  int epfd = epoll_create1(0);
  long connected = 0;
  const char *error = NULL;
  while (connected < count && !stop) {
    int fd = socket(addr->ai_family, SOCK_STREAM, 0);
    if (fd < 0 || connect(fd, addr->ai_addr, addr->ai_addrlen) < 0) {
      error = strerror(errno);
      if (fd >= 0) close(fd);
      break;
    }
    struct epoll_event ev = {.events = EPOLLIN | EPOLLRDHUP, .data.fd = fd};
    epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &ev);
    connected++;
  }
  if (error) printf("idle connected %ld of %ld: %s\n", connected, count, error);
  else printf("idle connected %ld\n", connected);
  if (connected == 0) return 1;

  // the server speaks first only to close: count those, and drop anything else it sends
  long closed = 0;
  struct epoll_event events[256];
  char sink[256];
  while (!stop) {
    int n = epoll_wait(epfd, events, 256, -1);
    for (int i = 0; i < n; i++) {
      int fd = events[i].data.fd;
      ssize_t got = recv(fd, sink, sizeof sink, MSG_DONTWAIT);
      if (got > 0 || (got < 0 && errno == EAGAIN)) continue;
      close(fd);
      closed++;
    }
  }
  printf("idle closed_by_server=%ld of %ld\n", closed, connected);
  return 0;
}
