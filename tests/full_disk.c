/* A full disk, as the process sees it: once $FULL_DISK_BYTES bytes have been written to files
 * under $FULL_DISK_DIR, every further write there fails with ENOSPC ("No space left on
 * device"). Loaded with LD_PRELOAD, it sits between newsbot, SQLite and Chroma's Rust core on
 * one side and the C library's write calls on the other; nothing of theirs is replaced. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/uio.h>
#include <unistd.h>

static long long written = 0;

static int disk_full(int fd, size_t count) {
    const char *dir = getenv("FULL_DISK_DIR");
    const char *budget = getenv("FULL_DISK_BYTES");
    char link[64], target[4096];
    ssize_t length;
    if (!dir || !budget) return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    length = readlink(link, target, sizeof target - 1);
    if (length < 0) return 0;
    target[length] = 0;
    if (strncmp(target, dir, strlen(dir)) != 0) return 0;
    if (written + (long long)count > atoll(budget)) {
        errno = ENOSPC;
        return 1;
    }
    written += count;
    return 0;
}

static size_t total(const struct iovec *iov, int n) {
    size_t sum = 0;
    for (int i = 0; i < n; i++) sum += iov[i].iov_len;
    return sum;
}

#define REAL(name) \
    static __typeof__(name) *real = NULL; \
    if (!real) real = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buf, size_t count) {
    REAL(write);
    return disk_full(fd, count) ? -1 : real(fd, buf, count);
}

ssize_t pwrite(int fd, const void *buf, size_t count, off_t offset) {
    REAL(pwrite);
    return disk_full(fd, count) ? -1 : real(fd, buf, count, offset);
}

ssize_t pwrite64(int fd, const void *buf, size_t count, off_t offset) {
    REAL(pwrite64);
    return disk_full(fd, count) ? -1 : real(fd, buf, count, offset);
}

ssize_t writev(int fd, const struct iovec *iov, int n) {
    REAL(writev);
    return disk_full(fd, total(iov, n)) ? -1 : real(fd, iov, n);
}

ssize_t pwritev(int fd, const struct iovec *iov, int n, off_t offset) {
    REAL(pwritev);
    return disk_full(fd, total(iov, n)) ? -1 : real(fd, iov, n, offset);
}
