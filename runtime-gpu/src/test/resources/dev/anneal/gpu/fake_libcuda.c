/* A stand-in for libcuda.so.1 with every function the runtime binds, for tests on machines
 * without a GPU. MODE 1: cuInit reports no device. MODE 2: one device, "Fake GPU" (sm_90, 132
 * multiprocessors), driver for CUDA 12.4, with context and stream; other calls fail with
 * CUDA_ERROR_UNKNOWN. MODE 3: as MODE 1 but without cuLaunchKernel. */
#include <string.h>

#define NO_DEVICE 100
#define UNKNOWN 999

int cuGetErrorName(int e, const char** s) {
    if (e == NO_DEVICE) { *s = "CUDA_ERROR_NO_DEVICE"; return 0; }
    if (e == UNKNOWN) { *s = "CUDA_ERROR_UNKNOWN"; return 0; }
    return 1;
}
int cuGetErrorString(int e, const char** s) {
    if (e == NO_DEVICE) { *s = "no CUDA-capable device is detected"; return 0; }
    if (e == UNKNOWN) { *s = "unknown error"; return 0; }
    return 1;
}
int cuInit(unsigned flags) { return MODE == 2 ? 0 : NO_DEVICE; }
int cuDriverGetVersion(int* v) { *v = 12040; return 0; }
int cuDeviceGetCount(int* n) { *n = 1; return 0; }
int cuDeviceGet(int* d, int ordinal) { *d = ordinal; return 0; }
int cuDeviceGetAttribute(int* v, int attribute, int device) {
    *v = attribute == 75 ? 9 : attribute == 76 ? 0 : attribute == 16 ? 132 : 0;
    return 0;
}
int cuDeviceGetName(char* name, int length, int device) { strncpy(name, "Fake GPU", length); return 0; }
int cuDevicePrimaryCtxRetain(void** context, int device) { *context = (void*) 0x1234; return 0; }
int cuDevicePrimaryCtxRelease_v2(int device) { return 0; }
int cuCtxSetCurrent(void* context) { return context == (void*) 0x1234 ? 0 : UNKNOWN; }
int cuStreamCreate(void** stream, unsigned flags) { *stream = (void*) 0x5678; return flags == 1 ? 0 : UNKNOWN; }
int cuStreamDestroy_v2(void* stream) { return 0; }
int cuStreamSynchronize(void* stream) { return UNKNOWN; }
int cuStreamQuery(void* stream) { return UNKNOWN; }
int cuMemAlloc_v2(unsigned long long* p, unsigned long bytes) { return UNKNOWN; }
int cuMemFree_v2(unsigned long long p) { return UNKNOWN; }
int cuMemAllocAsync(unsigned long long* p, unsigned long bytes, void* st) { return UNKNOWN; }
int cuMemFreeAsync(unsigned long long p, void* st) { return UNKNOWN; }
int cuMemcpyHtoDAsync_v2(unsigned long long d, const void* s, unsigned long n, void* st) { return UNKNOWN; }
int cuMemcpyDtoHAsync_v2(void* d, unsigned long long s, unsigned long n, void* st) { return UNKNOWN; }
int cuMemcpyDtoDAsync_v2(unsigned long long d, unsigned long long s, unsigned long n, void* st) { return UNKNOWN; }
int cuMemsetD32Async(unsigned long long d, unsigned v, unsigned long n, void* st) { return UNKNOWN; }
int cuMemHostAlloc(void** p, unsigned long bytes, unsigned flags) { return UNKNOWN; }
int cuMemFreeHost(void* p) { return UNKNOWN; }
int cuDeviceGetDefaultMemPool(void** pool, int device) { return UNKNOWN; }
int cuMemPoolSetAttribute(void* pool, int attribute, void* value) { return UNKNOWN; }
int cuModuleLoadData(void** m, const void* image) { return UNKNOWN; }
int cuModuleGetFunction(void** f, void* m, const char* name) { return UNKNOWN; }
#if MODE != 3
int cuLaunchKernel(void* f, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                   unsigned shared, void* stream, void** params, void** extra) { return UNKNOWN; }
#endif
