// A CPU emulator of the parts of the CUDA driver, cuBLAS and NVRTC that Anneal's CUDA runtime binds,
// so that CudaBackend and the tests tagged "gpu" run for real on a machine without a GPU (CI).
// CudaEmulator.java compiles this file (with the emulator_*.h parts beside it) once into libcuda.so.1
// and links it as libcublas.so.12 and libnvrtc.so.12; the runtime finds them through
// -Danneal.cuda.libs like real libraries. A copy of the library in another folder is another GPU
// with state of its own, as another process would see it (CudaEmulator.fresh).
//
// - Device memory is host memory, filled with 0xFF bytes (NaN) when allocated, as real device
//   memory holds garbage; 4 GiB of it, beyond which allocations fail as out of memory. Copies,
//   memsets, GEMM operands and kernels' pointer arguments are checked against the allocations.
// - One stream, and what is queued on it runs later: launches, GEMMs, copies, memsets and
//   stream-ordered frees run when the host synchronises (cuStreamSynchronize, cuStreamQuery, a copy
//   to the host, cuMemFree_v2) or when a thousand are queued, in order, as a GPU runs work some time
//   after the calls that queued it. So cuLaunchKernel copies its arguments, a host buffer freed or
//   changed after cuMemcpyHtoDAsync gives wrong data (read safely: freed memory gives NaN bytes),
//   and a kernel whose pointer argument was freed on the stream before it ran fails.
// - A fault in stream work (an illegal address, a kernel's diagnosis below, a fault a test injects)
//   does not fail the call that queued it: it surfaces at the next synchronising call, as
//   CUDA_ERROR_ILLEGAL_ADDRESS or CUDA_ERROR_LAUNCH_FAILED with the emulator's diagnosis in its
//   text, and sticks: every later call returns it, as on a GPU, until the process ends.
// - The context is per OS thread; anneal_emu_drop_context makes the calling OS thread lose it, as a
//   virtual thread sees it after going on on another carrier thread. cuBLAS calls need the context too.
// - Stream capture records the stream's work into a graph instead of queueing it; an instantiated
//   graph queues that work again at each cuGraphLaunch. Allocating, freeing, synchronising or copying
//   to or from the host in a capture, and any stream call from another thread, invalidate it.
// - The default memory pool keeps the memory it reserved across synchronisations only up to its
//   release threshold (0 unless set), as CUDA's does; anneal_emu_counters counts its growths.
// - NVRTC compiles kernels as C++ (emulator_nvrtc.h); each GPU thread is a fiber
//   (emulator_kernels.h). Multiply-adds fuse as NVRTC's default --fmad=true does; double erf is off
//   by 2 units in the last place, CUDA's documented bound; a float-to-int conversion a GPU and x86 do
//   differently (undefined in C++) fails the kernel.
// - Test hooks: anneal_emu_counters, anneal_emu_live, anneal_emu_configure (multiprocessors),
//   anneal_emu_fault (the next run of a kernel faults), anneal_emu_on_launch (a callback at each
//   cuLaunchKernel, before it queues), anneal_emu_drop_context.
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include <cmath>

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <regex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#if !defined(__x86_64__)
#error "the CUDA emulator switches between fibers with x86-64 code"
#endif

#define EXPORT extern "C" __attribute__((visibility("default")))

#include "emulator_core.h"
#include "emulator_kernels.h"
#include "emulator_nvrtc.h"
#include "emulator_blas.h"

namespace {

constexpr int ILLEGAL_STATE = 401;
constexpr int STREAM_CAPTURE_WRONG_THREAD = 908;

std::atomic<void (*)(void)> on_launch{nullptr};

/** A live device allocation of NaN bytes. */
Result allocate(unsigned long long* pointer, size_t bytes) {
    if (bytes == 0) {
        return INVALID_VALUE;
    }
    if (bytes > MEMORY_BYTES - allocated) {
        return OUT_OF_MEMORY;
    }
    void* memory = aligned_alloc(256, (bytes + 255) / 256 * 256);
    if (memory == nullptr) {
        return OUT_OF_MEMORY;
    }
    memset(memory, 0xFF, bytes);
    allocations[(uintptr_t) memory] = bytes;
    allocated += bytes;
    counters[ALLOCATIONS]++;
    *pointer = (uintptr_t) memory;
    return SUCCESS;
}

/** Gives an allocation back: its bytes become NaN first, for whatever still holds the pointer. */
void release(uintptr_t pointer) {
    auto it = allocations.find(pointer);
    memset((void*) pointer, 0xFF, it->second);
    allocated -= it->second;
    allocations.erase(it);
    free((void*) pointer);
}

/**
 * Reads host memory with process_vm_readv, so that a host buffer freed since the copy was queued
 * gives NaN bytes (0xFF) instead of crashing the process.
 */
void read_host(void* destination, const void* source, size_t bytes) {
    iovec local = {destination, bytes};
    iovec remote = {const_cast<void*>(source), bytes};
    if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t) bytes) {
        memset(destination, 0xFF, bytes);
    }
}

/** The checks of a call on the stream: the context, the stream, and whether a capture in progress allows the call. */
int stream_call(void* stream, bool capturable) {
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    return capture_allows(capturable);
}

Result copy_fault(const char* what, uintptr_t pointer, size_t bytes) {
    return fail(ILLEGAL_ADDRESS, std::string(what) + " of " + std::to_string(bytes) + " bytes at 0x" + hex(pointer)
            + " runs past device memory in use (freed on the stream before it ran?)");
}

}  // namespace

// ---- the driver API -----------------------------------------------------------------------------

EXPORT int cuGetErrorName(int e, const char** s) {
    switch (e) {
        case SUCCESS: *s = "CUDA_SUCCESS"; return 0;
        case INVALID_VALUE: *s = "CUDA_ERROR_INVALID_VALUE"; return 0;
        case OUT_OF_MEMORY: *s = "CUDA_ERROR_OUT_OF_MEMORY"; return 0;
        case NOT_INITIALIZED: *s = "CUDA_ERROR_NOT_INITIALIZED"; return 0;
        case INVALID_DEVICE: *s = "CUDA_ERROR_INVALID_DEVICE"; return 0;
        case INVALID_IMAGE: *s = "CUDA_ERROR_INVALID_IMAGE"; return 0;
        case INVALID_CONTEXT: *s = "CUDA_ERROR_INVALID_CONTEXT"; return 0;
        case INVALID_HANDLE: *s = "CUDA_ERROR_INVALID_HANDLE"; return 0;
        case ILLEGAL_STATE: *s = "CUDA_ERROR_ILLEGAL_STATE"; return 0;
        case NOT_FOUND: *s = "CUDA_ERROR_NOT_FOUND"; return 0;
        case NOT_READY: *s = "CUDA_ERROR_NOT_READY"; return 0;
        case ILLEGAL_ADDRESS: *s = "CUDA_ERROR_ILLEGAL_ADDRESS"; return 0;
        case LAUNCH_FAILED: *s = "CUDA_ERROR_LAUNCH_FAILED"; return 0;
        case STREAM_CAPTURE_UNSUPPORTED: *s = "CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED"; return 0;
        case STREAM_CAPTURE_INVALIDATED: *s = "CUDA_ERROR_STREAM_CAPTURE_INVALIDATED"; return 0;
        case STREAM_CAPTURE_WRONG_THREAD: *s = "CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD"; return 0;
        default: *s = nullptr; return INVALID_VALUE;
    }
}

EXPORT int cuGetErrorString(int e, const char** s) {
    switch (e) {
        case SUCCESS: *s = "no error"; return 0;
        case INVALID_VALUE: *s = "invalid argument"; return 0;
        case OUT_OF_MEMORY: *s = "out of memory"; return 0;
        case NOT_INITIALIZED: *s = "initialization error"; return 0;
        case INVALID_DEVICE: *s = "invalid device ordinal"; return 0;
        case INVALID_IMAGE: *s = "device kernel image is invalid"; return 0;
        case INVALID_CONTEXT: *s = "invalid device context"; return 0;
        case INVALID_HANDLE: *s = "invalid resource handle"; return 0;
        case ILLEGAL_STATE: *s = "the operation cannot be performed in the present state"; return 0;
        case NOT_FOUND: *s = "named symbol not found"; return 0;
        case NOT_READY: *s = "device not ready"; return 0;
        case ILLEGAL_ADDRESS:
        case LAUNCH_FAILED:
            *s = e == sticky ? fault_text.c_str() : cuda_text(e);
            return 0;
        case STREAM_CAPTURE_UNSUPPORTED: *s = "operation not permitted when stream is capturing"; return 0;
        case STREAM_CAPTURE_INVALIDATED: *s = "operation failed due to a previous error during capture"; return 0;
        case STREAM_CAPTURE_WRONG_THREAD: *s = "attempt to terminate a thread-local capture sequence from another thread"; return 0;
        default: *s = nullptr; return INVALID_VALUE;
    }
}

EXPORT int cuInit(unsigned flags) {
    std::lock_guard<std::mutex> guard(lock);
    if (flags != 0) {
        return INVALID_VALUE;
    }
    if (stacks == nullptr) {
        void* memory = mmap(nullptr, STACK_BYTES * MAX_THREADS, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
        if (memory == MAP_FAILED) {
            return OUT_OF_MEMORY;
        }
        stacks = (char*) memory;
    }
    initialised = true;
    return SUCCESS;
}

EXPORT int cuDriverGetVersion(int* version) {
    *version = 12040;
    return SUCCESS;
}

EXPORT int cuDeviceGetCount(int* count) {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    *count = 1;
    return SUCCESS;
}

EXPORT int cuDeviceGet(int* device, int ordinal) {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (ordinal != 0) {
        return INVALID_DEVICE;
    }
    *device = 0;
    return SUCCESS;
}

EXPORT int cuDeviceGetAttribute(int* value, int attribute, int device) {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (device != 0) {
        return INVALID_DEVICE;
    }
    switch (attribute) {
        case 16: *value = multiprocessors; return SUCCESS;
        case 75: *value = 9; return SUCCESS;   // compute capability 9.0
        case 76: *value = 0; return SUCCESS;
        case 115: *value = 1; return SUCCESS;  // memory pools (cuMemAllocAsync)
        default: return INVALID_VALUE;
    }
}

EXPORT int cuDeviceGetName(char* name, int length, int device) {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (device != 0 || length <= 0) {
        return device != 0 ? INVALID_DEVICE : INVALID_VALUE;
    }
    snprintf(name, (size_t) length, "%s", "Anneal CUDA emulator");
    return SUCCESS;
}

/** The device's one primary context; after a fault it is the same, dead, context. */
EXPORT int cuDevicePrimaryCtxRetain(void** context, int device) {
    std::lock_guard<std::mutex> guard(lock);
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (device != 0) {
        return INVALID_DEVICE;
    }
    *context = &context_token;
    primary_retains++;
    return SUCCESS;
}

EXPORT int cuDevicePrimaryCtxRelease_v2(int device) {
    std::lock_guard<std::mutex> guard(lock);
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (device != 0) {
        return INVALID_DEVICE;
    }
    if (primary_retains == 0) {
        return INVALID_CONTEXT;
    }
    primary_retains--;
    return sticky;
}

EXPORT int cuCtxSetCurrent(void* context) {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (context != nullptr && context != &context_token) {
        return INVALID_CONTEXT;
    }
    current_context = context;
    return SUCCESS;
}

EXPORT int cuStreamCreate(void** stream, unsigned flags) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (flags > 1) {
        return INVALID_VALUE;
    }
    *stream = &stream_token;
    streams++;
    return SUCCESS;
}

EXPORT int cuStreamDestroy_v2(void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (stream != &stream_token || streams == 0) {
        return INVALID_HANDLE;
    }
    streams--;
    return sticky;
}

EXPORT int cuStreamSynchronize(void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, false)) {
        return r;
    }
    counters[WAITS]++;
    Result r = drain();
    pool_trim();
    return r;
}

/** Runs the queued work now (as if the GPU had finished it): CUDA_SUCCESS, or the fault it ran into. */
EXPORT int cuStreamQuery(void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, false)) {
        return r;
    }
    return drain();
}

EXPORT int cuMemAlloc_v2(unsigned long long* pointer, size_t bytes) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (Result r = capture_allows(false)) {
        return r;
    }
    return allocate(pointer, bytes);
}

EXPORT int cuMemFree_v2(unsigned long long pointer) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (Result r = capture_allows(false)) {
        return r;
    }
    if (allocations.count((uintptr_t) pointer) == 0 || freeing.count((uintptr_t) pointer) != 0) {
        return INVALID_VALUE;
    }
    counters[WAITS]++;  // cuMemFree waits for the device's queued work
    if (Result r = drain()) {
        return r;
    }
    release((uintptr_t) pointer);
    return SUCCESS;
}

/** Allocates at once from the default pool: the memory is usable by work queued after this call, as cuMemAllocAsync promises. */
EXPORT int cuMemAllocAsync(unsigned long long* pointer, size_t bytes, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, false)) {
        return r;  // CUDA would make the allocation a node of the graph, allocated and freed at each replay
    }
    Result r = allocate(pointer, bytes);
    if (r == SUCCESS) {
        pool_take(bytes);
    }
    return r;
}

/** Frees after the work queued so far, waiting for nothing: the memory goes when the free runs on the stream. */
EXPORT int cuMemFreeAsync(unsigned long long pointer, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, false)) {
        return r;
    }
    auto it = allocations.find((uintptr_t) pointer);
    if (it == allocations.end() || freeing.count((uintptr_t) pointer) != 0) {
        return INVALID_VALUE;
    }
    counters[FREES]++;
    freeing.insert((uintptr_t) pointer);
    size_t bytes = it->second;
    return enqueue([=]() {
        freeing.erase((uintptr_t) pointer);
        release((uintptr_t) pointer);
        pool_used -= bytes;
        return SUCCESS;
    });
}

EXPORT int cuMemcpyHtoDAsync_v2(unsigned long long destination, const void* source, size_t bytes, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, false)) {
        return r;
    }
    if (!inside((uintptr_t) destination, bytes) || source == nullptr) {
        return INVALID_VALUE;
    }
    counters[UPLOADS]++;
    return enqueue([=]() {
        if (!inside((uintptr_t) destination, bytes)) {
            return copy_fault("a copy to the device", destination, bytes);
        }
        read_host((void*) destination, source, bytes);
        return SUCCESS;
    });
}

/** A copy to (pageable) host memory: CUDA returns once it is done, so it waits for the queued work. */
EXPORT int cuMemcpyDtoHAsync_v2(void* destination, unsigned long long source, size_t bytes, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, false)) {
        return r;
    }
    if (!inside((uintptr_t) source, bytes) || destination == nullptr) {
        return INVALID_VALUE;
    }
    counters[DOWNLOADS]++;
    queue.push_back([=]() {
        if (!inside((uintptr_t) source, bytes)) {
            return copy_fault("a copy to the host", source, bytes);
        }
        memcpy(destination, (const void*) source, bytes);
        return SUCCESS;
    });
    return drain();
}

EXPORT int cuMemcpyDtoDAsync_v2(unsigned long long destination, unsigned long long source, size_t bytes, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, true)) {
        return r;
    }
    if (!inside((uintptr_t) destination, bytes) || !inside((uintptr_t) source, bytes)) {
        return INVALID_VALUE;
    }
    return enqueue([=]() {
        if (!inside((uintptr_t) destination, bytes) || !inside((uintptr_t) source, bytes)) {
            return copy_fault("a copy on the device", destination, bytes);
        }
        memmove((void*) destination, (const void*) source, bytes);
        return SUCCESS;
    });
}

EXPORT int cuMemsetD32Async(unsigned long long pointer, unsigned value, size_t count, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (int r = stream_call(stream, true)) {
        return r;
    }
    if (pointer % 4 != 0 || !inside((uintptr_t) pointer, count * 4)) {
        return INVALID_VALUE;
    }
    return enqueue([=]() {
        if (!inside((uintptr_t) pointer, count * 4)) {
            return copy_fault("a memset", pointer, count * 4);
        }
        uint32_t* words = (uint32_t*) pointer;
        for (size_t i = 0; i < count; i++) {
            words[i] = value;
        }
        return SUCCESS;
    });
}

/** Pinned host memory: plain host memory here, which copies read when they run, as a GPU's DMA does. */
EXPORT int cuMemHostAlloc(void** pointer, size_t bytes, unsigned flags) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (Result r = capture_allows(false)) {
        return r;
    }
    if (bytes == 0 || flags > 15) {
        return INVALID_VALUE;
    }
    *pointer = aligned_alloc(4096, (bytes + 4095) / 4096 * 4096);
    return *pointer == nullptr ? OUT_OF_MEMORY : SUCCESS;
}

EXPORT int cuMemFreeHost(void* pointer) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    free(pointer);
    return SUCCESS;
}

EXPORT int cuDeviceGetDefaultMemPool(void** pool, int device) {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (device != 0) {
        return INVALID_DEVICE;
    }
    *pool = &pool_token;
    return SUCCESS;
}

/** CU_MEMPOOL_ATTR_RELEASE_THRESHOLD (4) only. */
EXPORT int cuMemPoolSetAttribute(void* pool, int attribute, void* value) {
    std::lock_guard<std::mutex> guard(lock);
    if (pool != &pool_token || value == nullptr || attribute != 4) {
        return INVALID_VALUE;
    }
    memcpy(&pool_release_threshold, value, 8);
    return SUCCESS;
}

/** CU_MEMPOOL_ATTR_RELEASE_THRESHOLD (4), RESERVED_MEM_CURRENT (5) and USED_MEM_CURRENT (7). */
EXPORT int cuMemPoolGetAttribute(void* pool, int attribute, void* value) {
    std::lock_guard<std::mutex> guard(lock);
    if (pool != &pool_token || value == nullptr) {
        return INVALID_VALUE;
    }
    unsigned long long v;
    switch (attribute) {
        case 4: v = pool_release_threshold; break;
        case 5: v = pool_reserved; break;
        case 7: v = pool_used; break;
        default: return INVALID_VALUE;
    }
    memcpy(value, &v, 8);
    return SUCCESS;
}

/**
 * Loads a module the emulator's NVRTC built. Each copy of the emulator loads its own copy of the
 * module's library: a library is loaded once per process, and its kernels call back into the
 * emulator that bound them.
 */
EXPORT int cuModuleLoadData(void** module, const void* image) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    const char* prefix = "ANNEAL-EMU-MODULE ";
    if (image == nullptr || strncmp((const char*) image, prefix, strlen(prefix)) != 0) {
        return INVALID_IMAGE;
    }
    std::string path = std::string((const char*) image + strlen(prefix)) + "." + hex((uintptr_t) &context_token) + ".so";
    if (access(path.c_str(), R_OK) != 0) {
        std::string text = read_file((const char*) image + strlen(prefix));
        if (text.empty() || !write_file(path + ".tmp", text) || rename((path + ".tmp").c_str(), path.c_str()) != 0) {
            return INVALID_IMAGE;
        }
    }
    void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        return INVALID_IMAGE;
    }
    auto bind = (void (*)(anneal_emu_index**, void (*)(int, unsigned, const void*), unsigned long long* (*)(void),
                          void (*)(const char*))) dlsym(library, "anneal_emu_bind");
    if (bind == nullptr) {
        return INVALID_IMAGE;
    }
    Module* m = new Module();
    m->library = library;
    bind(m->indices, &sync, &slots, &undefined);
    *module = m;
    return SUCCESS;
}

EXPORT int cuModuleGetFunction(void** function, void* module, const char* name) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (module == nullptr || name == nullptr) {
        return INVALID_HANDLE;
    }
    Module* m = (Module*) module;
    auto launcher = (void (*)(void**)) dlsym(m->library, (std::string("anneal_emu_launch_") + name).c_str());
    auto params = (const int*) dlsym(m->library, (std::string("anneal_emu_params_") + name).c_str());
    if (launcher == nullptr || params == nullptr) {
        return NOT_FOUND;
    }
    Function* f = new Function{m, launcher, name, {}};
    for (const int* size = params; *size != 0; size++) {
        f->sizes.push_back(*size);
    }
    *function = f;
    return SUCCESS;
}

/** Queues the launch with a copy of its argument values; it runs later (see the file's header). */
EXPORT int cuLaunchKernel(void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                          unsigned shared, void* stream, void** params, void** extra) {
    if (void (*callback)(void) = on_launch.load()) {
        callback();
    }
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (function == nullptr) {
        return INVALID_HANDLE;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    if (Result r = capture_allows(true)) {
        return r;
    }
    // CUDA's limits on every GPU since compute capability 3.0.
    if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || gx > 2147483647u || gy > 65535 || gz > 65535
            || bx > 1024 || by > 1024 || bz > 64 || (unsigned long long) bx * by * bz > MAX_THREADS || shared > 48 * 1024
            || extra != nullptr || params == nullptr) {
        return INVALID_VALUE;
    }
    Function* f = (Function*) function;
    std::vector<uint64_t> values(f->sizes.size());
    for (size_t i = 0; i < values.size(); i++) {
        memcpy(&values[i], params[i], (size_t) std::abs(f->sizes[i]));
    }
    counters[LAUNCHES]++;
    anneal_emu_index grid = {gx, gy, gz};
    anneal_emu_index block = {bx, by, bz};
    return enqueue([=]() { return run_kernel(f, grid, block, values); });
}

// ---- graphs -------------------------------------------------------------------------------------

EXPORT int cuStreamBeginCapture_v2(void* stream, int mode) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream) || stream == nullptr || mode < 0 || mode > 2) {
        return INVALID_VALUE;
    }
    if (capture != nullptr) {
        return ILLEGAL_STATE;
    }
    capture = new Graph();
    capture_invalidated = false;
    capture_thread = std::this_thread::get_id();
    return SUCCESS;
}

EXPORT int cuStreamEndCapture(void* stream, void** graph) {
    std::lock_guard<std::mutex> guard(lock);
    if (!stream_ok(stream) || stream == nullptr || graph == nullptr) {
        return INVALID_VALUE;
    }
    if (capture == nullptr) {
        return ILLEGAL_STATE;
    }
    if (std::this_thread::get_id() != capture_thread) {
        return STREAM_CAPTURE_WRONG_THREAD;
    }
    Graph* captured = capture;
    capture = nullptr;
    if (capture_invalidated) {
        delete captured;
        *graph = nullptr;
        return STREAM_CAPTURE_INVALIDATED;
    }
    counters[CAPTURES]++;
    *graph = captured;
    return sticky;
}

EXPORT int cuGraphInstantiateWithFlags(void** exec, void* graph, unsigned long long flags) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (exec == nullptr || graph == nullptr || flags != 0) {
        return INVALID_VALUE;
    }
    *exec = new Graph(*(Graph*) graph);
    return SUCCESS;
}

/** Queues the graph's work on the stream, in capture order. */
EXPORT int cuGraphLaunch(void* exec, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (exec == nullptr || !stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    if (Result r = capture_allows(false)) {
        return r;
    }
    counters[GRAPH_LAUNCHES]++;
    for (const Work& work : ((Graph*) exec)->work) {
        if (Result r = enqueue(work)) {
            return r;
        }
    }
    return SUCCESS;
}

/** Work already queued keeps its own copy, so a graph may go while its launch is still queued, as in CUDA. */
EXPORT int cuGraphExecDestroy(void* exec) {
    std::lock_guard<std::mutex> guard(lock);
    delete (Graph*) exec;
    return SUCCESS;
}

EXPORT int cuGraphDestroy(void* graph) {
    std::lock_guard<std::mutex> guard(lock);
    delete (Graph*) graph;
    return SUCCESS;
}

// ---- test hooks ---------------------------------------------------------------------------------

/** Makes the calling OS thread lose its current context, as a virtual thread sees it after moving to a carrier without one. */
EXPORT void anneal_emu_drop_context() {
    current_context = nullptr;
}

/**
 * Copies the counters: allocations, uploads, downloads, stream waits, kernel launches, GEMMs, blocks
 * run, stream-ordered frees, memory pool growths, graph launches, captures.
 */
EXPORT void anneal_emu_counters(long long* out) {
    std::lock_guard<std::mutex> guard(lock);
    memcpy(out, counters, sizeof counters);
}

/** Copies what is alive: primary context retains, streams, cuBLAS handles, device allocations. */
EXPORT void anneal_emu_live(long long* out) {
    std::lock_guard<std::mutex> guard(lock);
    out[0] = primary_retains;
    out[1] = streams;
    out[2] = blas_handles;
    out[3] = (long long) allocations.size();
}

/** The multiprocessors the device reports from now on (2 by default; an H100 has 132). */
EXPORT void anneal_emu_configure(int count) {
    std::lock_guard<std::mutex> guard(lock);
    multiprocessors = count;
}

/** The next run of kernel {@code name} faults with {@code code} (e.g. 700, CUDA_ERROR_ILLEGAL_ADDRESS). */
EXPORT void anneal_emu_fault(const char* name, int code) {
    std::lock_guard<std::mutex> guard(lock);
    injected_kernel = name;
    injected_code = (Result) code;
}

/** A function each cuLaunchKernel calls first, before it takes the emulator's lock (null: none). */
EXPORT void anneal_emu_on_launch(void (*callback)(void)) {
    on_launch.store(callback);
}
