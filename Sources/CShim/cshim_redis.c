#include "cshim.h"

#include <errno.h>
#include <sys/time.h>

static struct timeval timeval_from_ms(long ms) {
    struct timeval tv = { .tv_sec = ms / 1000, .tv_usec = (ms % 1000) * 1000 };
    return tv;
}

redisContext *cshim_redis_connect(const char *host, int port, const char *unix_path,
                                  long connect_timeout_ms, long command_timeout_ms) {
    struct timeval connect_timeout = timeval_from_ms(connect_timeout_ms);
    redisContext *context = unix_path != NULL
        ? redisConnectUnixWithTimeout(unix_path, connect_timeout)
        : redisConnectWithTimeout(host, port, connect_timeout);
    if (context == NULL || context->err) return context;
    if (redisSetTimeout(context, timeval_from_ms(command_timeout_ms)) != REDIS_OK) return context;
    if (unix_path == NULL) redisEnableKeepAlive(context);
    return context;
}

const char *cshim_redis_error(const redisContext *context) {
    return context->err ? context->errstr : NULL;
}

redisReply *cshim_redis_command(redisContext *context, int argc,
                                const char *const *argv, const size_t *lengths,
                                int *timed_out) {
    redisReply *reply = redisCommandArgv(context, argc, (const char **)argv, lengths);
    /* hiredis 0.14 reports an expired SO_RCVTIMEO or SO_SNDTIMEO as
     * REDIS_ERR_IO, errno still EAGAIN from the read or write. */
    *timed_out = reply == NULL && context->err == REDIS_ERR_IO && (errno == EAGAIN || errno == EWOULDBLOCK);
    return reply;
}
