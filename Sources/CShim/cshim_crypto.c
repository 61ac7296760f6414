#include "cshim.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

/* Each thread draws from OpenSSL in blocks of POOL_SIZE bytes and hands
 * them out in order. A RAND_bytes call costs a lock, a getpid() (its fork
 * check) and a DRBG round, and /login needs 112 bytes per request; one call
 * per 4 KiB saves most of that. Bytes handed out are wiped from the pool at
 * once. The process never forks, so a child can never replay the pool. */
#define POOL_SIZE 4096
static _Thread_local uint8_t pool[POOL_SIZE];
static _Thread_local size_t pool_used = POOL_SIZE;

int cshim_random_bytes(uint8_t *out, size_t count) {
    if (count > POOL_SIZE) return count <= INT_MAX && RAND_bytes(out, (int)count) == 1;
    if (POOL_SIZE - pool_used < count) {
        if (RAND_bytes(pool, POOL_SIZE) != 1) return 0;
        pool_used = 0;
    }
    memcpy(out, pool + pool_used, count);
    OPENSSL_cleanse(pool + pool_used, count);
    pool_used += count;
    return 1;
}

/* Fetched once (EVP_MD_fetch(3), EVP_CIPHER_fetch(3)): the implicit fetch
 * behind EVP_sha256() or EVP_aes_256_gcm() looks the algorithm up, under a
 * lock, on every call. */
static EVP_MD *sha256_md;
static pthread_once_t sha256_fetched = PTHREAD_ONCE_INIT;
static void fetch_sha256(void) { sha256_md = EVP_MD_fetch(NULL, "SHA2-256", NULL); }

static EVP_CIPHER *aes256gcm_cipher;
static pthread_once_t aes256gcm_fetched = PTHREAD_ONCE_INIT;
/* Seal and open pass the IV with the key and rely on GCM's default IV
 * length; a library whose default differs gives no cipher at all. */
static void fetch_aes256gcm(void) {
    aes256gcm_cipher = EVP_CIPHER_fetch(NULL, "AES-256-GCM", NULL);
    if (aes256gcm_cipher != NULL && EVP_CIPHER_get_iv_length(aes256gcm_cipher) != CSHIM_AES256GCM_NONCE_LENGTH) {
        EVP_CIPHER_free(aes256gcm_cipher);
        aes256gcm_cipher = NULL;
    }
}

/* The calling thread's object under `key`, made by `make` on its first
 * use and destroyed with the thread (the key's destructor); NULL when it
 * cannot be made. */
static void *per_thread(pthread_key_t key, void *(*make)(void), void (*destroy)(void *)) {
    void *object = pthread_getspecific(key);
    if (object == NULL) {
        object = make();
        if (object != NULL && pthread_setspecific(key, object) != 0) {
            destroy(object);
            object = NULL;
        }
    }
    return object;
}

/* One digest context per thread, kept: EVP_Digest makes and frees one per
 * call, and every integrator API call hashes its key. */
static pthread_key_t sha256_context_key;
static pthread_once_t sha256_context_key_made = PTHREAD_ONCE_INIT;
static void *new_sha256_context(void) { return EVP_MD_CTX_new(); }
static void free_sha256_context(void *context) { EVP_MD_CTX_free(context); }
static void make_sha256_context_key(void) { pthread_key_create(&sha256_context_key, free_sha256_context); }

int cshim_sha256(const uint8_t *data, size_t length, void *out) {
    pthread_once(&sha256_fetched, fetch_sha256);
    pthread_once(&sha256_context_key_made, make_sha256_context_key);
    if (sha256_md == NULL) return 0;
    EVP_MD_CTX *ctx = per_thread(sha256_context_key, new_sha256_context, free_sha256_context);
    if (ctx == NULL) return 0;
    unsigned int written = 0;
    return EVP_DigestInit_ex2(ctx, sha256_md, NULL) == 1 && EVP_DigestUpdate(ctx, data, length) == 1
        && EVP_DigestFinal_ex(ctx, (unsigned char *)out, &written) == 1 && written == CSHIM_SHA256_LENGTH;
}

/* One AES-256-GCM context per thread and direction, keyed once and given
 * only a new IV per box while the key stays the same. A context made,
 * keyed (AES's key schedule, GCM's tables) and wiped per box was most of
 * what opening one cost at start-up (a box per journal entry, all under
 * one key), and the largest part of libcrypto's share of a /login (the
 * browser-binding cookie is sealed under the instance's key). The key is
 * kept beside the context to tell when another is asked for; both are
 * wiped when the thread ends. */
struct keyed_context {
    EVP_CIPHER_CTX *ctx;
    int keyed;
    uint8_t key[CSHIM_AES256GCM_KEY_LENGTH];
};
static pthread_key_t sealing_context_key, opening_context_key;
static pthread_once_t keyed_context_keys_made = PTHREAD_ONCE_INIT;

static void free_keyed_context(void *object) {
    struct keyed_context *keyed = object;
    EVP_CIPHER_CTX_free(keyed->ctx);
    OPENSSL_cleanse(keyed->key, sizeof keyed->key);
    free(keyed);
}

static void *new_keyed_context(void) {
    struct keyed_context *keyed = calloc(1, sizeof *keyed);
    if (keyed == NULL) return NULL;
    keyed->ctx = EVP_CIPHER_CTX_new();
    if (keyed->ctx == NULL) {
        free(keyed);
        return NULL;
    }
    return keyed;
}

static void make_keyed_context_keys(void) {
    pthread_key_create(&sealing_context_key, free_keyed_context);
    pthread_key_create(&opening_context_key, free_keyed_context);
}

/* This thread's context for sealing (`encrypt` 1) or opening (0), set up
 * for `key` and `nonce`; NULL when OpenSSL cannot provide one. A caller
 * whose box fails sets `keyed` to 0, so the next box keys the context
 * afresh rather than trusting whatever state it stopped in. */
static struct keyed_context *keyed_context(int encrypt, const uint8_t key[CSHIM_AES256GCM_KEY_LENGTH],
                                           const uint8_t *nonce) {
    pthread_once(&aes256gcm_fetched, fetch_aes256gcm);
    pthread_once(&keyed_context_keys_made, make_keyed_context_keys);
    if (aes256gcm_cipher == NULL) return NULL;
    pthread_key_t thread_key = encrypt ? sealing_context_key : opening_context_key;
    struct keyed_context *keyed = per_thread(thread_key, new_keyed_context, free_keyed_context);
    if (keyed == NULL) return NULL;
    int same_key = keyed->keyed && CRYPTO_memcmp(keyed->key, key, sizeof keyed->key) == 0;
    /* EVP_CipherInit_ex2(3): a NULL cipher and key keep the context's. */
    if (EVP_CipherInit_ex2(keyed->ctx, same_key ? NULL : aes256gcm_cipher, same_key ? NULL : key, nonce, encrypt,
                           NULL) != 1) {
        keyed->keyed = 0;
        return NULL;
    }
    if (!same_key) {
        memcpy(keyed->key, key, sizeof keyed->key);
        keyed->keyed = 1;
    }
    return keyed;
}

/* EVP_EncryptInit_ex2(3): AES-256-GCM with a 12-byte IV (the length NIST
 * SP 800-38D recommends, and GCM's default, checked when the cipher is
 * fetched) and additional authenticated data passed to Update with a NULL
 * output buffer. Key and IV go in with the cipher in one call: each
 * separate call (the IV length control was one) looks its parameters up by
 * name. */
int cshim_aes256gcm_seal(const uint8_t key[CSHIM_AES256GCM_KEY_LENGTH],
                         const uint8_t *aad, size_t aad_length,
                         const uint8_t *plaintext, size_t length,
                         uint8_t *sealed) {
    if (length > INT_MAX - CSHIM_AES256GCM_OVERHEAD || aad_length > INT_MAX) return 0;
    uint8_t *nonce = sealed;
    uint8_t *ciphertext = sealed + CSHIM_AES256GCM_NONCE_LENGTH;
    uint8_t *tag = ciphertext + length;
    if (cshim_random_bytes(nonce, CSHIM_AES256GCM_NONCE_LENGTH) != 1) return 0;

    struct keyed_context *sealing = keyed_context(1, key, nonce);
    if (sealing == NULL) return 0;
    EVP_CIPHER_CTX *ctx = sealing->ctx;
    int written = 0;
    int ok = (aad_length == 0 || EVP_EncryptUpdate(ctx, NULL, &written, aad, (int)aad_length) == 1)
        && (length == 0 || EVP_EncryptUpdate(ctx, ciphertext, &written, plaintext, (int)length) == 1)
        && EVP_EncryptFinal_ex(ctx, ciphertext + (length ? written : 0), &written) == 1
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, CSHIM_AES256GCM_TAG_LENGTH, tag) == 1;
    if (!ok) sealing->keyed = 0;
    return ok;
}

int cshim_aes256gcm_open(const uint8_t key[CSHIM_AES256GCM_KEY_LENGTH],
                         const uint8_t *aad, size_t aad_length,
                         const uint8_t *sealed, size_t sealed_length,
                         uint8_t *plaintext) {
    if (sealed_length < CSHIM_AES256GCM_OVERHEAD || sealed_length > INT_MAX || aad_length > INT_MAX) return 0;
    size_t length = sealed_length - CSHIM_AES256GCM_OVERHEAD;
    const uint8_t *nonce = sealed;
    const uint8_t *ciphertext = sealed + CSHIM_AES256GCM_NONCE_LENGTH;
    /* EVP_CTRL_GCM_SET_TAG takes a non-const pointer. */
    uint8_t tag[CSHIM_AES256GCM_TAG_LENGTH];
    memcpy(tag, ciphertext + length, sizeof tag);

    struct keyed_context *opening = keyed_context(0, key, nonce);
    if (opening == NULL) return 0;
    EVP_CIPHER_CTX *ctx = opening->ctx;
    int written = 0;
    /* The expected tag is set before EVP_DecryptFinal_ex, which is where
     * GCM verifies it (EVP_EncryptInit(3), "GCM and OCB Modes"). */
    int ok = (aad_length == 0 || EVP_DecryptUpdate(ctx, NULL, &written, aad, (int)aad_length) == 1)
        && (length == 0 || EVP_DecryptUpdate(ctx, plaintext, &written, ciphertext, (int)length) == 1)
        && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, CSHIM_AES256GCM_TAG_LENGTH, tag) == 1
        && EVP_DecryptFinal_ex(ctx, length ? plaintext + written : plaintext, &written) == 1;
    /* Decryption writes plaintext before the tag is checked; none of it may
     * be left behind when the tag is wrong. */
    if (!ok) {
        opening->keyed = 0;
        if (length > 0) OPENSSL_cleanse(plaintext, length);
    }
    return ok;
}

int cshim_constant_time_equals(const void *a, const void *b, size_t length) {
    return CRYPTO_memcmp(a, b, length) == 0;
}
