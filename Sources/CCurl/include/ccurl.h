#ifndef CCURL_H
#define CCURL_H
/*
 * Typed wrappers around libcurl's variadic functions, which Swift cannot call.
 * One wrapper per argument type; everything else of libcurl imports directly.
 */
#include <curl/curl.h>
#include <sys/types.h>

typedef size_t (*ccurl_data_callback)(char *buffer, size_t size, size_t count, void *userdata);

CURLcode ccurl_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode ccurl_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value);
CURLcode ccurl_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode ccurl_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode ccurl_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *value);
CURLcode ccurl_setopt_callback(CURL *handle, CURLoption option, ccurl_data_callback value);

CURLcode ccurl_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode ccurl_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode ccurl_getinfo_string(CURL *handle, CURLINFO info, const char **value);

#endif
