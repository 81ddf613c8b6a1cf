/* Wine 8.0 has no bcryptprimitives.dll, whose ProcessPrng Rust's standard
 * library imports since 1.78: this stand-in, built by scripts/windows.sh for
 * the Wine prefix only (never shipped), fills the buffer from RtlGenRandom. */
#include <windows.h>
#include <ntsecapi.h>

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (!RtlGenRandom(data, n)) return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
