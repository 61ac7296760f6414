// Linux system calls that Swift's Glibc module does not export: epoll,
// eventfd, and accept4 (which glibc declares only under _GNU_SOURCE).
#pragma once
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// accept4(2) with SOCK_NONBLOCK | SOCK_CLOEXEC in one call.
int clinux_accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
