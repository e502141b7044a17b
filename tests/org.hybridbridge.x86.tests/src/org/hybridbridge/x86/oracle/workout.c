/* A static program for the Unicorn lockstep: integer, SSE2 and string work on pseudo-random
 * operands, folded into checksums it prints. Each kernel is noinline so the compiler cannot
 * fold it away; the operands come from xorshift, so the same run repeats everywhere. */
#include <emmintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t state = 0x9E3779B97F4A7C15u;

static uint64_t next(void)
{
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
}

__attribute__((noinline)) static uint64_t shifts(uint64_t a, unsigned n)
{
    uint32_t w = (uint32_t) a;
    uint16_t h = (uint16_t) a;
    uint8_t b = (uint8_t) a;
    int64_t s = (int64_t) a;
    return (a << (n & 63)) ^ (a >> (n & 63)) ^ (uint64_t) (s >> (n & 63)) ^ (w << (n & 31)) ^ (w >> (n & 31))
         ^ (uint64_t) (h >> (n & 15)) ^ (uint64_t) (b << (n & 7)) ^ ((a << (n & 63)) | (a >> (-n & 63)))
         ^ ((w >> (n & 31)) | (w << (-n & 31)));
}

__attribute__((noinline)) static uint64_t arithmetic(uint64_t a, uint64_t b)
{
    unsigned __int128 p = (unsigned __int128) a * b;
    __int128 q = (__int128) (int64_t) a * (int64_t) b;
    uint64_t d = b | 1;
    uint32_t d32 = (uint32_t) b | 1;
    int64_t sd = (int64_t) (b | 1);
    int32_t sa = (int32_t) a;
    int32_t sd32 = (int32_t) (b | 1);
    uint64_t r = (uint64_t) p ^ (uint64_t) (p >> 64) ^ (uint64_t) q ^ (uint64_t) (q >> 64);
    r += a / d + a % d + (uint32_t) a / d32 + (uint32_t) a % d32;
    if (sd != -1) {
        r += (uint64_t) ((int64_t) a / sd) + (uint64_t) ((int64_t) a % sd);
    }
    if (sd32 != -1) {
        r += (uint64_t) (sa / sd32) + (uint64_t) (sa % sd32);
    }
    r += (uint64_t) (int16_t) a * (uint64_t) (int8_t) b;
    unsigned __int128 wide = ((unsigned __int128) a << 64 | b);
    r ^= (uint64_t) (wide / (d | 0x100000000ull)) ^ (uint64_t) (wide % (d | 0x100000000ull));
    return r;
}

__attribute__((noinline)) static uint64_t bits(uint64_t a, uint64_t b)
{
    uint64_t r = 0;
    if (a) {
        r += (uint64_t) __builtin_ctzll(a) * 3 + (uint64_t) __builtin_clzll(a);
    }
    if ((uint32_t) b) {
        r += (uint64_t) __builtin_ctz((uint32_t) b) + (uint64_t) __builtin_clz((uint32_t) b);
    }
    r += (uint64_t) __builtin_popcountll(a) + __builtin_bswap64(b) + __builtin_bswap32((uint32_t) a);
    r += (a >> (b & 63)) & 1;
    r ^= a & ~(1ull << (b & 63));
    r ^= b | (1ull << (a & 63));
    r += (int64_t) a < (int64_t) b ? a : b;
    r += (a > b) + ((int32_t) a > (int32_t) b) * 2 + ((uint16_t) a == (uint16_t) b) * 4;
    return r;
}

__attribute__((noinline)) static uint64_t carries(uint64_t a, uint64_t b)
{
    unsigned __int128 x = ((unsigned __int128) a << 64) | b;
    unsigned __int128 y = ((unsigned __int128) b << 64) | a;
    unsigned __int128 s = x + y, t = x - y;
    return (uint64_t) s ^ (uint64_t) (s >> 64) ^ (uint64_t) t ^ (uint64_t) (t >> 64) ^ (uint64_t) -(int64_t) a;
}

__attribute__((noinline)) static uint64_t floating(uint64_t a, uint64_t b)
{
    double x = (double) (int64_t) a / 65536.0, y = (double) (b >> 11) + 1.0;
    float f = (float) (uint32_t) a, g = (float) (int32_t) b;
    double z = x * y + x / y - y;
    z = _mm_cvtsd_f64(_mm_sqrt_sd(_mm_setzero_pd(), _mm_set_sd(z < 0 ? -z : z)));
    int64_t i = (int64_t) (x / y);
    int32_t j = (int32_t) (f / (g == 0 ? 1 : g));
    uint64_t bits;
    memcpy(&bits, &z, sizeof bits);
    return bits ^ (uint64_t) i ^ (uint32_t) j ^ (uint64_t) (x < y) ^ (uint64_t) (f >= g) << 1;
}

__attribute__((noinline)) static uint64_t packed(uint64_t a, uint64_t b)
{
    __m128i x = _mm_set_epi64x((long long) a, (long long) b);
    __m128i y = _mm_set_epi64x((long long) (b * 3), (long long) (a ^ b));
    __m128i r = _mm_add_epi32(x, y);
    r = _mm_xor_si128(r, _mm_sub_epi16(x, y));
    r = _mm_xor_si128(r, _mm_mul_epu32(x, y));
    r = _mm_xor_si128(r, _mm_shuffle_epi32(x, 0x1B));
    r = _mm_xor_si128(r, _mm_srli_epi64(y, 7));
    r = _mm_xor_si128(r, _mm_slli_epi32(x, 5));
    r = _mm_xor_si128(r, _mm_unpacklo_epi8(x, y));
    r = _mm_xor_si128(r, _mm_unpackhi_epi16(x, y));
    r = _mm_xor_si128(r, _mm_cmpeq_epi8(x, y));
    r = _mm_xor_si128(r, _mm_cmpgt_epi32(x, y));
    r = _mm_xor_si128(r, _mm_min_epu8(x, y));
    r = _mm_xor_si128(r, _mm_packs_epi32(x, y));
    r = _mm_xor_si128(r, _mm_mulhi_epi16(x, y));
    r = _mm_xor_si128(r, _mm_sad_epu8(x, y));
    r = _mm_xor_si128(r, _mm_srli_si128(x, 3));
    int mask = _mm_movemask_epi8(_mm_cmpeq_epi8(x, y));
    return (uint64_t) _mm_cvtsi128_si64(r) ^ (uint64_t) _mm_cvtsi128_si64(_mm_unpackhi_epi64(r, r)) ^ (uint64_t) mask;
}

static int sign(int comparison)
{
    return (comparison > 0) - (comparison < 0);
}

__attribute__((noinline)) static uint64_t strings(uint64_t a)
{
    static char source[512], target[512];
    size_t offset = a & 31, length = (a >> 5) & 255;
    for (size_t i = 0; i < sizeof source; i++) {
        source[i] = (char) ('a' + (i * 7 + a) % 26);
    }
    source[offset + length] = 0;
    memcpy(target + ((a >> 13) & 15), source + offset, length + 1);
    memmove(target + 1, target, length);
    memset(target + 300, (int) a, (a >> 17) & 127);
    /* only the sign of memcmp and strcmp is specified: glibc's variants for different CPUs differ */
    uint64_t r = strlen(source + offset) + (uint64_t) sign(memcmp(target + 1, source + offset, length));
    const char *found = strchr(source + offset, 'q');
    r += found ? (uint64_t) (found - source) : 1000;
    r += (uint64_t) sign(strcmp(source + offset, target + 1));
    return r;
}

int main(void)
{
    uint64_t sums[7] = { 0 };
    for (int round = 0; round < 200; round++) {
        uint64_t a = next(), b = next();
        sums[0] = sums[0] * 31 + shifts(a, (unsigned) b);
        sums[1] = sums[1] * 31 + arithmetic(a, b);
        sums[2] = sums[2] * 31 + bits(a, b);
        sums[3] = sums[3] * 31 + carries(a, b);
        sums[4] = sums[4] * 31 + floating(a, b);
        sums[5] = sums[5] * 31 + packed(a, b);
        sums[6] = sums[6] * 31 + strings(a);
    }
    printf("shifts %016llx\narithmetic %016llx\nbits %016llx\ncarries %016llx\nfloating %016llx\npacked %016llx\nstrings %016llx\n",
           (unsigned long long) sums[0], (unsigned long long) sums[1], (unsigned long long) sums[2],
           (unsigned long long) sums[3], (unsigned long long) sums[4], (unsigned long long) sums[5],
           (unsigned long long) sums[6]);
    return 0;
}
