#pragma once
// The system's libcrypto (OpenSSL 3): HMAC, random bytes, and a comparison that takes the same
// time whatever differs.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
