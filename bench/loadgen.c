// loadgen: closed-loop load for any server of a fixed-length request/reply exchange, such as
// sixteen's: 16 octets "Hi there, server" in, 16 octets "Farewell, client" out.
//
//   loadgen [-h HOST] [-p PORT] [-c CONNS] [-d SECS] [-w SECS] [-n MAX] [-k PER_CONN]
//           [-t SECS] [-m REQUEST] [-r REPLY]
//
// Each of CONNS slots connects, sends REQUEST, reads exactly as many octets as REPLY has and
// compares them, then sends again on the same connection until it has made PER_CONN exchanges
// (1, the default: connect, exchange, close, as the classic client does) and then reconnects.
// A slot starts its next exchange as soon as its last one ends (a closed loop), so the rate is
// what the server and this process manage together. One thread, epoll, non-blocking sockets.
//
//   slot:  connect --> send REQUEST --> read len(REPLY) --> compare --+--> close --> connect ...
//                          ^                                          |
//                          +------- fewer than PER_CONN exchanges ----+
//
// Latency runs from connect to reply for a connection's first exchange and from send to reply
// for later ones; it is kept in a log-linear histogram, within 1/128 of the exact value.
// After SECS of measured load (the warm-up of -w SECS left out) it prints:
//
//   conns=50 per_conn=1 seconds=5.00 exchanges=101234 errors=0
//   errors_by_kind connect=0 reset=0 closed_early=0 mismatch=0 timeout=0
//   latency_us p50=410.5 p90=620.0 p99=1020.0 p999=2400.0 max=5210.3
//   rate=20247 loadgen_cpu=0.61
//
// and, when an exchange failed, "first_error KIND: MESSAGE". loadgen_cpu is this process's CPU
// time over the measured time: near 1.00 the load generator, not the server, sets the rate.
// Exit status: 0 if every exchange succeeded, 1 if any failed or none completed, 2 on bad usage.
#define _GNU_SOURCE
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum state { CONNECTING, SENDING, RECEIVING };
enum error { CONNECT, RESET, CLOSED_EARLY, MISMATCH, TIMEOUT, ERROR_KINDS };
static const char *error_names[ERROR_KINDS] = {"connect", "reset", "closed_early", "mismatch", "timeout"};

typedef struct {
  int fd;
  enum state state;
  uint32_t events;       // what epoll watches for this fd; 0 when not registered
  size_t sent, got;
  int done_on_conn;      // exchanges completed on this connection
  int64_t started;       // when the current exchange (or its connect) began, ns
  unsigned char *buf;
} slot_t;

static struct sockaddr_storage addr;
static socklen_t addrlen;
static const char *request = "Hi there, server", *reply = "Farewell, client";
static size_t request_len, reply_len;
static int per_conn = 1, epfd;
static int64_t timeout_ns = 5000000000LL;

static long exchanges, errors, by_kind[ERROR_KINDS];
static char first_error[160];

// Latency histogram: values under 128 ns have a bucket each; above, each power of two is cut
// into 64 buckets, so a bucket is never wider than 1/64 of its values (1/128 from its middle).
#define SUB_BITS 6
#define BUCKETS ((64 - SUB_BITS + 1) << SUB_BITS)
static long histogram[BUCKETS];
static int64_t latency_max;

static int bucket_of(uint64_t ns) {
  if (ns < (1u << SUB_BITS)) return (int)ns;
  int shift = 63 - __builtin_clzll(ns) - SUB_BITS;
  return ((shift + 1) << SUB_BITS) + (int)((ns >> shift) - (1u << SUB_BITS));
}

static double bucket_middle(int i) {
  int group = i >> SUB_BITS;
  if (group <= 1) return i;
  int shift = group - 1;
  uint64_t low = (uint64_t)((i & ((1 << SUB_BITS) - 1)) + (1 << SUB_BITS)) << shift;
  return low + ((1ull << shift) - 1) / 2.0;
}

static void record(int64_t ns) {
  histogram[bucket_of((uint64_t)ns)]++;
  if (ns > latency_max) latency_max = ns;
}

static double percentile_us(double q) {
  long total = 0, seen = 0;
  for (int i = 0; i < BUCKETS; i++) total += histogram[i];
  if (total == 0) return 0;
  long rank = (long)(q * total + 0.999999);
  if (rank < 1) rank = 1;
  for (int i = 0; i < BUCKETS; i++) {
    seen += histogram[i];
    if (seen >= rank) {
      double v = bucket_middle(i);
      return (v > latency_max ? latency_max : v) / 1e3;
    }
  }
  return latency_max / 1e3;
}

static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static double cpu_seconds(void) {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_stime.tv_sec + (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
}

// Slots whose connection has ended, waiting to reconnect.
static slot_t **idle;
static int idle_count;

static void end(slot_t *s) {
  close(s->fd);  // also takes the fd out of the epoll set
  s->fd = -1;
  s->events = 0;
  idle[idle_count++] = s;
}

static void fail(slot_t *s, enum error kind, int err) {
  errors++;
  by_kind[kind]++;
  if (!first_error[0]) {
    snprintf(first_error, sizeof first_error, "%s: %s", error_names[kind],
             err ? strerror(err) : kind == MISMATCH ? "the reply differs from -r" :
             kind == CLOSED_EARLY ? "the server closed before the whole reply" : "no reply in time (-t)");
  }
  end(s);
}

static void watch(slot_t *s, uint32_t events) {
  if (s->events == events) return;
  struct epoll_event ev = {.events = events, .data.ptr = s};
  epoll_ctl(epfd, s->events ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, s->fd, &ev);
  s->events = events;
}

static void send_request(slot_t *s);

static void start(slot_t *s) {
  s->fd = socket(addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK, 0);
  if (s->fd < 0) {
    perror("loadgen: socket");
    exit(1);
  }
  int one = 1;
  setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  s->started = now_ns();
  s->sent = s->got = 0;
  s->done_on_conn = 0;
  if (connect(s->fd, (struct sockaddr *)&addr, addrlen) == 0) {
    send_request(s);
  } else if (errno == EINPROGRESS) {
    s->state = CONNECTING;
    watch(s, EPOLLOUT);
  } else {
    fail(s, CONNECT, errno);
  }
}

static void send_request(slot_t *s) {
  s->state = SENDING;
  ssize_t n = send(s->fd, request + s->sent, request_len - s->sent, MSG_NOSIGNAL);
  if (n < 0) {
    if (errno == EAGAIN) watch(s, EPOLLOUT);
    else fail(s, RESET, errno);
    return;
  }
  s->sent += n;
  if (s->sent < request_len) {
    watch(s, EPOLLOUT);
    return;
  }
  s->state = RECEIVING;
  watch(s, EPOLLIN);
}

static void receive_reply(slot_t *s) {
  ssize_t n = recv(s->fd, s->buf + s->got, reply_len - s->got, 0);
  if (n < 0) {
    if (errno != EAGAIN) fail(s, RESET, errno);
    return;
  }
  if (n == 0) {
    fail(s, CLOSED_EARLY, 0);
    return;
  }
  s->got += n;
  if (s->got < reply_len) return;
  if (memcmp(s->buf, reply, reply_len) != 0) {
    fail(s, MISMATCH, 0);
    return;
  }
  int64_t t = now_ns();
  record(t - s->started);
  exchanges++;
  if (++s->done_on_conn >= per_conn) {
    end(s);
    return;
  }
  s->started = t;
  s->sent = s->got = 0;
  send_request(s);  // at once: the socket almost always has room, which saves a wake-up
}

static void ready(slot_t *s) {
  if (s->state == CONNECTING) {
    int err = 0;
    socklen_t len = sizeof err;
    getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err) fail(s, CONNECT, err);
    else send_request(s);
  } else if (s->state == SENDING) {
    send_request(s);
  } else {
    receive_reply(s);
  }
}

static void usage(void) {
  fprintf(stderr,
          "usage: loadgen [-h HOST] [-p PORT] [-c CONNS] [-d SECS] [-w SECS] [-n MAX] [-k PER_CONN]\n"
          "               [-t SECS] [-m REQUEST] [-r REPLY]\n"
          "  -h 127.0.0.1  -p 1060  -c 50 connections  -d 5 s measured  -w 1 s warm-up first\n"
          "  -n stop after MAX measured exchanges  -k 1 exchange per connection  -t 5 s per exchange\n"
          "  -m 'Hi there, server' sent  -r 'Farewell, client' expected\n");
  exit(2);
}

static double number(const char *text, double min, double max) {
  char *rest;
  double v = strtod(text, &rest);
  if (rest == text || *rest || v < min || v > max) {
    fprintf(stderr, "loadgen: '%s' is not a number from %g to %g\n", text, min, max);
    usage();
  }
  return v;
}

int main(int argc, char **argv) {
  const char *host = "127.0.0.1", *port = "1060";
  int conns = 50;
  double seconds = 5, warmup = 1, timeout = 5;
  long limit = 0;
  int o;
  while ((o = getopt(argc, argv, "h:p:c:d:w:n:k:t:m:r:")) != -1) {
    switch (o) {
      case 'h': host = optarg; break;
      case 'p': number(optarg, 1, 65535); port = optarg; break;
      case 'c': conns = (int)number(optarg, 1, 1000000); break;
      case 'd': seconds = number(optarg, 0.001, 86400); break;
      case 'w': warmup = number(optarg, 0, 86400); break;
      case 'n': limit = (long)number(optarg, 1, 1e15); break;
      case 'k': per_conn = (int)number(optarg, 1, 2e9); break;
      case 't': timeout = number(optarg, 0.001, 86400); break;
      case 'm': request = optarg; break;
      case 'r': reply = optarg; break;
      default: usage();
    }
  }
  if (optind < argc) usage();
  request_len = strlen(request);
  reply_len = strlen(reply);
  if (request_len == 0 || reply_len == 0) usage();
  timeout_ns = (int64_t)(timeout * 1e9);

  struct addrinfo hints = {.ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM}, *found;
  int gai = getaddrinfo(host, port, &hints, &found);
  if (gai) {
    fprintf(stderr, "loadgen: %s: %s\n", host, gai_strerror(gai));
    return 2;
  }
  memcpy(&addr, found->ai_addr, found->ai_addrlen);
  addrlen = found->ai_addrlen;
  freeaddrinfo(found);

  // one descriptor per connection, plus a few
  struct rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < (rlim_t)conns + 64) {
    files.rlim_cur = files.rlim_max < (rlim_t)conns + 64 ? files.rlim_max : (rlim_t)conns + 64;
    setrlimit(RLIMIT_NOFILE, &files);
  }

  epfd = epoll_create1(0);
  slot_t *slots = calloc(conns, sizeof *slots);
  idle = calloc(conns, sizeof *idle);
  unsigned char *buffers = malloc((size_t)conns * reply_len);
  if (!slots || !idle || !buffers) {
    perror("loadgen");
    return 1;
  }
  for (int i = 0; i < conns; i++) {
    slots[i].fd = -1;
    slots[i].buf = buffers + (size_t)i * reply_len;
    idle[idle_count++] = &slots[i];
  }

  struct epoll_event events[1024];
  int64_t begin = now_ns(), measure_from = begin + (int64_t)(warmup * 1e9);
  int64_t until = measure_from + (int64_t)(seconds * 1e9), next_sweep = begin;
  int measuring = 0;
  double cpu_from = 0;
  for (;;) {
    int64_t t = now_ns();
    if (!measuring && t >= measure_from) {
      measuring = 1;
      measure_from = t;
      until = t + (int64_t)(seconds * 1e9);
      exchanges = errors = 0;
      memset(by_kind, 0, sizeof by_kind);
      memset(histogram, 0, sizeof histogram);
      latency_max = 0;
      first_error[0] = 0;
      cpu_from = cpu_seconds();
    }
    if (measuring && (t >= until || (limit && exchanges >= limit))) break;
    if (t >= next_sweep) {  // exchanges past their time; a slot waiting to reconnect has fd -1
      for (int i = 0; i < conns; i++) {
        if (slots[i].fd >= 0 && t - slots[i].started > timeout_ns) fail(&slots[i], TIMEOUT, 0);
      }
      next_sweep = t + 100000000LL;
    }
    int waiting = idle_count;
    idle_count = 0;  // a slot whose connect fails at once is queued again, for the next turn
    for (int i = 0; i < waiting; i++) start(idle[i]);
    int n = epoll_wait(epfd, events, 1024, idle_count ? 0 : 100);
    for (int i = 0; i < n; i++) ready(events[i].data.ptr);
  }
  double elapsed = (now_ns() - measure_from) / 1e9, cpu = cpu_seconds() - cpu_from;

  printf("conns=%d per_conn=%d seconds=%.2f exchanges=%ld errors=%ld\n", conns, per_conn, elapsed, exchanges,
         errors);
  printf("errors_by_kind");
  for (int k = 0; k < ERROR_KINDS; k++) printf(" %s=%ld", error_names[k], by_kind[k]);
  printf("\nlatency_us p50=%.1f p90=%.1f p99=%.1f p999=%.1f max=%.1f\n", percentile_us(0.5), percentile_us(0.9),
         percentile_us(0.99), percentile_us(0.999), latency_max / 1e3);
  printf("rate=%.0f loadgen_cpu=%.2f\n", exchanges / elapsed, cpu / elapsed);
  if (first_error[0]) printf("first_error %s\n", first_error);
  return (errors == 0 && exchanges > 0) ? 0 : 1;
}
