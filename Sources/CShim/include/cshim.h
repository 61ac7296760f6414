#ifndef CSHIM_H
#define CSHIM_H

/*
 * The few libcurl, libcrypto and hiredis calls FrameAuth needs, as plain
 * non-variadic functions Swift can import. Only Sources/FrameAuth/Client,
 * Sources/FrameAuth/Crypto and Sources/FrameAuth/Store/Redis call these;
 * nothing above them sees a C pointer.
 */

#include <stddef.h>
#include <stdint.h>
#include <curl/curl.h>
#include <hiredis/hiredis.h>

/* ---- libcurl ------------------------------------------------------------ */

/* One HTTP request. Every pointer is borrowed for the duration of
 * cshim_curl_perform only. */
typedef struct cshim_http_request {
    const char *url;
    /* Comma-separated schemes for CURLOPT_PROTOCOLS_STR and
     * CURLOPT_REDIR_PROTOCOLS_STR, e.g. "https". */
    const char *protocols;
    /* Complete header lines, "Name: value", without CR LF. */
    const char *const *header_lines;
    size_t header_count;
    /* Non-zero: POST exactly body[0..<body_length], always on a new
     * connection, so libcurl can never send it twice; zero: GET. */
    int is_post;
    const uint8_t *body;
    size_t body_length;
    /* Both must be positive: 0 means "never" to libcurl. */
    long connect_timeout_ms;
    long total_timeout_ms;
    /* Largest response body accepted; past it the transfer is aborted. */
    size_t max_body_bytes;
    /* PEM file of the certificate authorities to trust; NULL: the system's. */
    const char *ca_file;
} cshim_http_request;

/* What came back. Release with cshim_http_response_free. */
typedef struct cshim_http_response {
    long status;
    char *content_type;   /* NULL when the response had none */
    uint8_t *body;
    size_t body_length;
    size_t body_capacity;
    /* Set when the body passed max_body_bytes and the transfer was aborted. */
    int body_too_large;
} cshim_http_response;

/* Performs one blocking transfer on `curl`, which may be reused: its options
 * are reset first and its live connections are kept. Always call
 * cshim_http_response_free afterwards, whatever the result. */
CURLcode cshim_curl_perform(CURL *curl,
                            const cshim_http_request *request,
                            cshim_http_response *response);

void cshim_http_response_free(cshim_http_response *response);

/* Calls curl_global_init(CURL_GLOBAL_DEFAULT); Swift cannot import that macro. */
CURLcode cshim_curl_global_init(void);

/* ---- libcrypto ---------------------------------------------------------- */

#define CSHIM_SHA256_LENGTH 32
#define CSHIM_AES256GCM_KEY_LENGTH 32
#define CSHIM_AES256GCM_NONCE_LENGTH 12
#define CSHIM_AES256GCM_TAG_LENGTH 16
/* nonce || ciphertext || tag */
#define CSHIM_AES256GCM_OVERHEAD (CSHIM_AES256GCM_NONCE_LENGTH + CSHIM_AES256GCM_TAG_LENGTH)

/* All functions return 1 on success and 0 on any failure. */

/* Bytes from OpenSSL's CSPRNG (RAND_bytes), drawn in blocks per thread. */
int cshim_random_bytes(uint8_t *out, size_t count);

/* SHA-256 (EVP_DigestInit_ex2/Update/Final_ex), on a context kept per thread,
 * into the CSHIM_SHA256_LENGTH bytes at out (any memory: Swift writes it
 * straight into a value's words). */
int cshim_sha256(const uint8_t *data, size_t length, void *out);

/* AES-256-GCM with a fresh random 12-byte nonce. Writes
 * nonce || ciphertext || tag, i.e. length + CSHIM_AES256GCM_OVERHEAD bytes,
 * to `sealed`. */
int cshim_aes256gcm_seal(const uint8_t key[CSHIM_AES256GCM_KEY_LENGTH],
                         const uint8_t *aad, size_t aad_length,
                         const uint8_t *plaintext, size_t length,
                         uint8_t *sealed);

/* Reverses cshim_aes256gcm_seal. Writes sealed_length - CSHIM_AES256GCM_OVERHEAD
 * bytes to `plaintext`; returns 0 (and zeroes `plaintext`) when the tag does
 * not authenticate the key, nonce, ciphertext and aad. */
int cshim_aes256gcm_open(const uint8_t key[CSHIM_AES256GCM_KEY_LENGTH],
                         const uint8_t *aad, size_t aad_length,
                         const uint8_t *sealed, size_t sealed_length,
                         uint8_t *plaintext);

/* CRYPTO_memcmp: 1 when equal; the time taken does not depend on the bytes. */
int cshim_constant_time_equals(const void *a, const void *b, size_t length);

/* ---- RSA (RS256: RSASSA-PKCS1-v1_5 with SHA-256, RFC 7518 §3.3) --------- */

/* As above, every function but cshim_rsa_key_free returns 1 on success and
 * 0 on any failure. */

/* OpenSSL's key object, opaque here: the Swift wrappers own it and free it
 * with cshim_rsa_key_free. The same typedef as <openssl/types.h>. */
typedef struct evp_pkey_st EVP_PKEY;

/* A public key from the big-endian modulus and exponent of a JWK (RFC 7518
 * §6.3.1), through EVP_PKEY_fromdata. Sets *key only on success. */
int cshim_rsa_public_key_new(const uint8_t *modulus, size_t modulus_length,
                             const uint8_t *exponent, size_t exponent_length,
                             EVP_PKEY **key);

/* A fresh 2048-bit private key with exponent 65537. Sets *key only on success. */
int cshim_rsa_private_key_generate(EVP_PKEY **key);

/* The public modulus and exponent of `key`, big-endian without leading
 * zeros. Each *length holds the buffer's capacity on entry and the bytes
 * written on return. */
int cshim_rsa_public_numbers(const EVP_PKEY *key,
                             uint8_t *modulus, size_t *modulus_length,
                             uint8_t *exponent, size_t *exponent_length);

void cshim_rsa_key_free(EVP_PKEY *key);

/* 1 only when `signature` is a valid RS256 signature of `message` by `key`.
 * Uses a context of its own, so one key may verify on many threads at once. */
int cshim_rs256_verify(EVP_PKEY *key,
                       const uint8_t *message, size_t message_length,
                       const uint8_t *signature, size_t signature_length);

/* Signs `message` with the private `key`. *signature_length holds the
 * buffer's capacity on entry and the signature's length on return. */
int cshim_rs256_sign(EVP_PKEY *key,
                     const uint8_t *message, size_t message_length,
                     uint8_t *signature, size_t *signature_length);

/* ---- hiredis ------------------------------------------------------------ */

/* A blocking connection to Redis over TCP (`unix_path` NULL) or a Unix socket
 * (`host` ignored), made within connect_timeout_ms; every later read and
 * write on it is bounded by command_timeout_ms (SO_RCVTIMEO, SO_SNDTIMEO),
 * and TCP keep-alive is on. Returns NULL only when out of memory; otherwise
 * check cshim_redis_error and free with redisFree. */
redisContext *cshim_redis_connect(const char *host, int port, const char *unix_path,
                                  long connect_timeout_ms, long command_timeout_ms);

/* Why the connection failed (hiredis's errstr), or NULL while it works. Once
 * failed, a connection stays failed. */
const char *cshim_redis_error(const redisContext *context);

/* Sends one command, binary-safe (argument i is lengths[i] bytes), and reads
 * its reply. NULL when the connection failed (see cshim_redis_error), with
 * *timed_out set to 1 when the cause was a read or write time-out;
 * otherwise free the reply with freeReplyObject. */
redisReply *cshim_redis_command(redisContext *context, int argc,
                                const char *const *argv, const size_t *lengths,
                                int *timed_out);

#endif
