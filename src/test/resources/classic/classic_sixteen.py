#!/usr/bin/env python3
"""A peer of the classic sixteen-octet exchange, written for sixteen's tests.

    classic_sixteen.py server HOST PORT   serve one connection, print what came, exit
    classic_sixteen.py client HOST PORT   send 'Hi there, server', print the reply

The server prints the port it bound on its first line, so PORT may be 0.
"""
import socket
import sys


def recvall(sock, length):
    data = b''
    while len(data) < length:
        more = sock.recv(length - len(data))
        if not more:
            raise EOFError('was expecting %d bytes but only received'
                           ' %d bytes before the socket closed'
                           % (length, len(data)))
        data += more
    return data


def server(host, port):
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(1)
    sock.settimeout(30)
    print('Listening at', sock.getsockname()[1], flush=True)
    sc, sockname = sock.accept()
    sc.settimeout(30)
    print('Incoming sixteen-octet message:', repr(recvall(sc, 16)), flush=True)
    sc.sendall(b'Farewell, client')
    sc.close()
    sock.close()


def client(host, port):
    sock = socket.create_connection((host, port), timeout=30)
    sock.sendall(b'Hi there, server')
    print('The server said', repr(recvall(sock, 16)), flush=True)
    sock.close()


if __name__ == '__main__':
    role, host, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
    {'server': server, 'client': client}[role](host, port)
