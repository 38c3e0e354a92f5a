#!/usr/bin/env python3
"""Hold N silent TCP connections to 127.0.0.1:PORT until killed.

    idle_peers.py PORT N     prints "idle connected N" once all are open
"""
import resource
import socket
import sys
import time

port, count = int(sys.argv[1]), int(sys.argv[2])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 100), hard))
peers = [socket.create_connection(("127.0.0.1", port)) for _ in range(count)]
print("idle connected", len(peers), flush=True)
time.sleep(3600)
