/* strdup is POSIX, not ISO C. */
#define _POSIX_C_SOURCE 200809L

#include "cshim.h"

#include <stdlib.h>
#include <string.h>

CURLcode cshim_curl_global_init(void) {
    return curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct body_sink {
    cshim_http_response *response;
    size_t limit;
};

/* CURLOPT_WRITEFUNCTION: returning anything but size * count makes libcurl
 * abort the transfer with CURLE_WRITE_ERROR. This is the cap for bodies whose
 * length is not announced up front (chunked, or close-delimited). */
static size_t collect_body(char *data, size_t size, size_t count, void *context) {
    struct body_sink *sink = context;
    cshim_http_response *response = sink->response;
    size_t length = size * count; /* size is always 1 (CURLOPT_WRITEFUNCTION) */

    if (length > sink->limit - response->body_length) {
        response->body_too_large = 1;
        return 0;
    }
    size_t needed = response->body_length + length;
    if (needed > response->body_capacity) {
        size_t capacity = response->body_capacity ? response->body_capacity : 4096;
        while (capacity < needed) capacity *= 2;
        if (capacity > sink->limit) capacity = sink->limit;
        uint8_t *grown = realloc(response->body, capacity);
        if (grown == NULL) return 0;
        response->body = grown;
        response->body_capacity = capacity;
    }
    memcpy(response->body + response->body_length, data, length);
    response->body_length = needed;
    return length;
}

static CURLcode configure(CURL *curl, const cshim_http_request *request,
                          struct curl_slist *headers, struct body_sink *sink) {
    CURLcode code = CURLE_OK;
#define SET(option, value) \
    if (code == CURLE_OK) code = curl_easy_setopt(curl, option, value)

    SET(CURLOPT_URL, request->url);
    /* The schemes the caller allows, for the request and for any redirect
     * (CURLOPT_PROTOCOLS_STR, CURLOPT_REDIR_PROTOCOLS_STR). */
    SET(CURLOPT_PROTOCOLS_STR, request->protocols);
    SET(CURLOPT_REDIR_PROTOCOLS_STR, request->protocols);
    /* A 3xx is handed back as it is, never followed (CURLOPT_FOLLOWLOCATION). */
    SET(CURLOPT_FOLLOWLOCATION, 0L);
    /* The libcurl defaults, stated so no one can mistake them for optional
     * (CURLOPT_SSL_VERIFYPEER, CURLOPT_SSL_VERIFYHOST). */
    SET(CURLOPT_SSL_VERIFYPEER, 1L);
    SET(CURLOPT_SSL_VERIFYHOST, 2L);
    /* Left unset, libcurl uses the CA bundle it was built with (CURLOPT_CAINFO). */
    if (request->ca_file != NULL) SET(CURLOPT_CAINFO, request->ca_file);
    /* Transfers run on many threads; without this, libcurl's resolver
     * time-out uses SIGALRM, which is not thread-safe (CURLOPT_NOSIGNAL). */
    SET(CURLOPT_NOSIGNAL, 1L);
    SET(CURLOPT_CONNECTTIMEOUT_MS, request->connect_timeout_ms);
    SET(CURLOPT_TIMEOUT_MS, request->total_timeout_ms);
    /* Refuses a body whose announced Content-Length is over the cap before
     * reading any of it (CURLOPT_MAXFILESIZE_LARGE); collect_body covers the rest. */
    SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)request->max_body_bytes);
    SET(CURLOPT_HTTPHEADER, headers);
    SET(CURLOPT_WRITEFUNCTION, collect_body);
    SET(CURLOPT_WRITEDATA, sink);
    if (request->is_post) {
        /* With a NULL CURLOPT_POSTFIELDS libcurl would read the body from its
         * read callback (stdin by default), so an empty body is "". */
        SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)request->body_length);
        SET(CURLOPT_POSTFIELDS, request->body_length ? (const void *)request->body : "");
        /* A POST goes out on a new connection. On a reused one that turns out
         * to have died, libcurl sends the request again on a fresh connection
         * (Curl_retry_request, for reused connections only), and every POST
         * FrameAuth makes carries something to present once: a single-use
         * code, or a refresh token whose second sight tells the provider it
         * was stolen (RFC 9700 §4.14.2). GETs keep reusing connections. */
        SET(CURLOPT_FRESH_CONNECT, 1L);
    } else {
        SET(CURLOPT_HTTPGET, 1L);
    }
#undef SET
    return code;
}

CURLcode cshim_curl_perform(CURL *curl,
                            const cshim_http_request *request,
                            cshim_http_response *response) {
    memset(response, 0, sizeof *response);
    /* Clears every option from the previous request but keeps live
     * connections, the TLS session cache and the DNS cache (curl_easy_reset). */
    curl_easy_reset(curl);

    struct curl_slist *headers = NULL;
    for (size_t i = 0; i < request->header_count; i++) {
        struct curl_slist *appended = curl_slist_append(headers, request->header_lines[i]);
        if (appended == NULL) {
            curl_slist_free_all(headers);
            return CURLE_OUT_OF_MEMORY;
        }
        headers = appended;
    }

    struct body_sink sink = { response, request->max_body_bytes };
    CURLcode code = configure(curl, request, headers, &sink);
    if (code == CURLE_OK) code = curl_easy_perform(curl);
    if (code == CURLE_OK) code = curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response->status);
    if (code == CURLE_OK) {
        /* Owned by the handle and valid only until its next transfer
         * (CURLINFO_CONTENT_TYPE), so it is copied. */
        char *content_type = NULL;
        code = curl_easy_getinfo(curl, CURLINFO_CONTENT_TYPE, &content_type);
        if (code == CURLE_OK && content_type != NULL) {
            response->content_type = strdup(content_type);
            if (response->content_type == NULL) code = CURLE_OUT_OF_MEMORY;
        }
    }

    /* The handle must not keep pointers to this call's headers, body or sink. */
    curl_easy_reset(curl);
    curl_slist_free_all(headers);
    return code;
}

void cshim_http_response_free(cshim_http_response *response) {
    free(response->content_type);
    free(response->body);
    memset(response, 0, sizeof *response);
}
