// floor: the least any server of the sixteen-octet exchange can do, to measure the others
// against. Each of THREADS threads (one per core by default) has its own SO_REUSEPORT listener
// and epoll set, and serves its connections without blocking: read exactly 16 octets, however
// TCP splits them, write "Farewell, client", close. With -k it keeps the connection and waits
// for the next 16 octets instead, until the peer closes.
//
//   floor [-h HOST] [-p PORT] [-t THREADS] [-k]     (defaults: 127.0.0.1, 1060, cores, one-shot)
//
// It serves until killed, and says nothing per connection. A peer that closes mid-frame, or
// whose socket cannot take the reply at once (16 octets: it always can), is just closed.
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#define FRAME 16
static const char reply[FRAME] = "Farewell, client";
static int keep_alive;

typedef struct {
  int fd, got;
  char frame[FRAME];
} conn_t;

static void serve(int epfd, conn_t *c) {
  for (;;) {
    ssize_t n = recv(c->fd, c->frame + c->got, FRAME - c->got, 0);
    if (n < 0 && errno == EAGAIN) return;
    if (n <= 0) break;
    c->got += n;
    if (c->got < FRAME) continue;
    if (send(c->fd, reply, FRAME, MSG_NOSIGNAL) != FRAME || !keep_alive) break;
    c->got = 0;
    return;  // epoll is level-triggered: octets of a next frame already here wake us again
  }
  epoll_ctl(epfd, EPOLL_CTL_DEL, c->fd, NULL);
  close(c->fd);
  free(c);
}

static void *run(void *arg) {
  int listener = (int)(long)arg, epfd = epoll_create1(0), one = 1;
  struct epoll_event ev = {.events = EPOLLIN, .data.ptr = NULL}, events[512];
  epoll_ctl(epfd, EPOLL_CTL_ADD, listener, &ev);
  for (;;) {
    int n = epoll_wait(epfd, events, 512, -1);
    for (int i = 0; i < n; i++) {
      conn_t *c = events[i].data.ptr;
      if (c) {
        serve(epfd, c);
        continue;
      }
      int fd;
      while ((fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK)) >= 0) {
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        c = calloc(1, sizeof *c);
        if (!c) {
          close(fd);
          continue;
        }
        c->fd = fd;
        struct epoll_event e = {.events = EPOLLIN, .data.ptr = c};
        epoll_ctl(epfd, EPOLL_CTL_ADD, fd, &e);
      }
    }
  }
  return NULL;
}

static int listen_on(const char *host, int port) {
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons(port)};
  if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
    fprintf(stderr, "floor: -h takes an IPv4 address, not '%s'\n", host);
    exit(2);
  }
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0), one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 4096)) {
    fprintf(stderr, "floor: cannot listen on %s:%d: %s\n", host, port, strerror(errno));
    exit(1);
  }
  return fd;
}

int main(int argc, char **argv) {
  const char *host = "127.0.0.1";
  int port = 1060, threads = (int)sysconf(_SC_NPROCESSORS_ONLN), o;
  while ((o = getopt(argc, argv, "h:p:t:k")) != -1) {
    switch (o) {
      case 'h': host = optarg; break;
      case 'p': port = atoi(optarg); break;
      case 't': threads = atoi(optarg); break;
      case 'k': keep_alive = 1; break;
      default: port = -1;
    }
  }
  if (optind < argc || port < 1 || port > 65535 || threads < 1 || threads > 256) {
    fprintf(stderr, "usage: floor [-h HOST] [-p PORT] [-t THREADS] [-k]\n");
    return 2;
  }
  // every listener is bound before any thread runs, so a busy port fails here, at once
  int listeners[256];
  for (int i = 0; i < threads; i++) listeners[i] = listen_on(host, port);
  pthread_t thread;
  for (int i = 0; i < threads; i++) pthread_create(&thread, NULL, run, (void *)(long)listeners[i]);
  fprintf(stderr, "floor listening on %s:%d, %d threads, %s\n", host, port, threads,
          keep_alive ? "keep-alive" : "one-shot");
  pause();
  return 0;
}
