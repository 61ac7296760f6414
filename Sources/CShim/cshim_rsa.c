#include "cshim.h"

#include <limits.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

/* Builds the key from OSSL_PKEY_PARAM_RSA_N and _E (EVP_PKEY_fromdata(3),
 * "EXAMPLES"); an RSA public key needs nothing else. */
int cshim_rsa_public_key_new(const uint8_t *modulus, size_t modulus_length,
                             const uint8_t *exponent, size_t exponent_length,
                             EVP_PKEY **key) {
    if (modulus_length == 0 || modulus_length > INT_MAX || exponent_length == 0 || exponent_length > INT_MAX) return 0;
    BIGNUM *n = BN_bin2bn(modulus, (int)modulus_length, NULL);
    BIGNUM *e = BN_bin2bn(exponent, (int)exponent_length, NULL);
    OSSL_PARAM_BLD *builder = OSSL_PARAM_BLD_new();
    OSSL_PARAM *params = NULL;
    EVP_PKEY_CTX *ctx = NULL;
    EVP_PKEY *built = NULL;
    int ok = n != NULL && e != NULL && builder != NULL
        && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, n) == 1
        && OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, e) == 1
        && (params = OSSL_PARAM_BLD_to_param(builder)) != NULL
        && (ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL)) != NULL
        && EVP_PKEY_fromdata_init(ctx) == 1
        && EVP_PKEY_fromdata(ctx, &built, EVP_PKEY_PUBLIC_KEY, params) == 1;
    EVP_PKEY_CTX_free(ctx);
    OSSL_PARAM_free(params);
    OSSL_PARAM_BLD_free(builder);
    BN_free(e);
    BN_free(n);
    if (ok) *key = built; else EVP_PKEY_free(built);
    return ok;
}

int cshim_rsa_private_key_generate(EVP_PKEY **key) {
    /* EVP_PKEY_Q_keygen(3): for "RSA" the one extra argument is the size in
     * bits, as a size_t; the exponent is the default 65537. */
    EVP_PKEY *generated = EVP_PKEY_Q_keygen(NULL, NULL, "RSA", (size_t)2048);
    if (generated == NULL) return 0;
    *key = generated;
    return 1;
}

/* Writes `name`'s value big-endian into out[0..<*length]; fails when it does
 * not fit. */
static int export_bn(const EVP_PKEY *key, const char *name, uint8_t *out, size_t *length) {
    BIGNUM *value = NULL;
    int ok = EVP_PKEY_get_bn_param(key, name, &value) == 1
        && (size_t)BN_num_bytes(value) <= *length;
    if (ok) *length = (size_t)BN_bn2bin(value, out);
    BN_free(value);
    return ok;
}

int cshim_rsa_public_numbers(const EVP_PKEY *key,
                             uint8_t *modulus, size_t *modulus_length,
                             uint8_t *exponent, size_t *exponent_length) {
    return export_bn(key, OSSL_PKEY_PARAM_RSA_N, modulus, modulus_length)
        && export_bn(key, OSSL_PKEY_PARAM_RSA_E, exponent, exponent_length);
}

void cshim_rsa_key_free(EVP_PKEY *key) {
    EVP_PKEY_free(key);
}

/* A digest context for RS256 over `key`, for signing or verifying. The
 * padding is set explicitly: PKCS#1 v1.5 is RSA's default today, and RS256
 * must not quietly become PSS if that ever changes. */
static EVP_MD_CTX *new_rs256_context(EVP_PKEY *key, int for_signing) {
    char pad_mode[] = OSSL_PKEY_RSA_PAD_MODE_PKCSV15;
    OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_SIGNATURE_PARAM_PAD_MODE, pad_mode, 0),
        OSSL_PARAM_construct_end(),
    };
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    if (ctx == NULL) return NULL;
    int ok = for_signing
        ? EVP_DigestSignInit_ex(ctx, NULL, "SHA2-256", NULL, NULL, key, params) == 1
        : EVP_DigestVerifyInit_ex(ctx, NULL, "SHA2-256", NULL, NULL, key, params) == 1;
    if (ok) return ctx;
    EVP_MD_CTX_free(ctx);
    return NULL;
}

/* A fresh context per call: openssl-threads(7) makes a key that nothing
 * modifies safe to share between threads, each with its own context. */
int cshim_rs256_verify(EVP_PKEY *key,
                       const uint8_t *message, size_t message_length,
                       const uint8_t *signature, size_t signature_length) {
    EVP_MD_CTX *ctx = new_rs256_context(key, 0);
    int ok = ctx != NULL
        && EVP_DigestVerify(ctx, signature, signature_length, message, message_length) == 1;
    EVP_MD_CTX_free(ctx);
    /* A refused signature leaves entries on this thread's error queue
     * (ERR_get_error(3)); no later OpenSSL call on the thread, libcurl's
     * TLS included, may read them as its own. */
    if (!ok) ERR_clear_error();
    return ok;
}

int cshim_rs256_sign(EVP_PKEY *key,
                     const uint8_t *message, size_t message_length,
                     uint8_t *signature, size_t *signature_length) {
    EVP_MD_CTX *ctx = new_rs256_context(key, 1);
    int ok = ctx != NULL
        && EVP_DigestSign(ctx, signature, signature_length, message, message_length) == 1;
    EVP_MD_CTX_free(ctx);
    return ok;
}
