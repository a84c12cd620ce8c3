// A CPU emulator of the parts of the CUDA driver, cuBLAS and NVRTC that Anneal's CUDA runtime binds,
// so that CudaBackend and the tests tagged "gpu" run for real on a machine without a GPU (CI).
// CudaEmulator.java compiles this file once into libcuda.so.1 and copies it to libcublas.so.12 and
// libnvrtc.so.12; the runtime finds them through -Danneal.cuda.libs like real libraries.
//
// - Device memory is host memory, filled with 0xFF bytes (NaN) when allocated, as real device
//   memory holds garbage; 4 GiB of it, beyond which allocations fail as out of memory. Copies, memsets and GEMM operands are checked against the allocations.
// - Asynchronous copies are really asynchronous: a copy between host and device is queued and done
//   at the stream's next operation or synchronisation, so a host buffer freed or changed right after
//   cuMemcpyHtoDAsync gives wrong data (read safely: freed memory gives NaN bytes, not a crash), and
//   host data read before cuStreamSynchronize is stale. cuMemFree_v2 waits for the device (counted as
//   a wait, as on a GPU); cuMemAllocAsync and cuMemFreeAsync are stream-ordered.
// - The context is per OS thread; anneal_emu_drop_context makes the calling OS thread lose it, as a
//   virtual thread sees it after going on on another carrier thread. cuBLAS calls need the context too.
// - NVRTC compiles a kernel source with the C++ compiler (c++, or $CXX) into a shared library,
//   with emulated_kernel.h included first, and generates one launcher per extern "C" kernel that
//   unpacks cuLaunchKernel's argument array with the kernel's own parameter types. Multiply-adds
//   fuse (-ffp-contract=fast with FMA instructions, where the CPU has them), as NVRTC's default
//   --fmad=true does; cuBLAS's GEMM accumulates with fused multiply-adds as well.
// - cuLaunchKernel runs the grid block by block; each thread of a block is a fiber with its own
//   stack, so __syncthreads and warp shuffles suspend it until the threads they wait for arrive.
//   Threads run in a seeded random order, and warps are now and then held back for a while (see
//   run_block), so that a missing barrier shows up as wrong numbers, as it would on a GPU. The
//   blocks of a launch run in a random order too.
//   Threads that wait forever (a shuffle in a partial warp, lanes at different shuffles, a
//   barrier some threads never reach) fail the launch with CUDA_ERROR_LAUNCH_FAILED and a message
//   that says so. Launch configurations outside CUDA's limits fail as on a GPU.
// - cuBLAS GEMM is the column-major definition, accumulating in the operands' precision.
// - anneal_emu_counters reports allocations, copies, waits, launches and GEMMs for the tests.
// Everything else runs at once on the calling thread, in the order it is queued, as one stream would.
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
#include <map>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#if !defined(__x86_64__)
#error "the CUDA emulator switches between fibers with x86-64 code"
#endif

#define EXPORT extern "C" __attribute__((visibility("default")))

namespace {

enum Result {
    SUCCESS = 0,
    INVALID_VALUE = 1,
    OUT_OF_MEMORY = 2,
    NOT_INITIALIZED = 3,
    INVALID_DEVICE = 101,
    INVALID_IMAGE = 200,
    INVALID_CONTEXT = 201,
    INVALID_HANDLE = 400,
    NOT_FOUND = 500,
    LAUNCH_FAILED = 719,
};

std::mutex lock;
bool initialised = false;
int context_token = 0;
int stream_token = 0;
thread_local void* current_context = nullptr;
std::map<uintptr_t, size_t> allocations;
size_t allocated = 0;
/** The emulated GPU's memory: allocations beyond it fail with CUDA_ERROR_OUT_OF_MEMORY. */
constexpr size_t MEMORY_BYTES = (size_t) 4 << 30;
std::string launch_failure = "unspecified launch failure";

/** Calls counted for the tests (anneal_emu_counters): what crosses between host and device, and when. */
enum Counter { ALLOCATIONS, UPLOADS, DOWNLOADS, WAITS, LAUNCHES, GEMMS, BLOCKS, FREES, COUNTERS };
long long counters[COUNTERS];

bool stream_ok(void* stream) {
    return stream == nullptr || stream == &stream_token;
}

/** Whether [pointer, pointer + bytes) lies inside one allocation. */
bool inside(uintptr_t pointer, size_t bytes) {
    auto it = allocations.upper_bound(pointer);
    if (it == allocations.begin()) {
        return false;
    }
    --it;
    return pointer >= it->first && pointer + bytes <= it->first + it->second;
}

Result ready() {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    return current_context == &context_token ? SUCCESS : INVALID_CONTEXT;
}

/** A copy queued on the stream and not yet done. */
struct Pending {
    bool to_device;
    void* destination;
    const void* source;
    size_t bytes;
};

std::deque<Pending> pending;

/**
 * Does the queued copies, in order. Host memory is read with process_vm_readv, so a host buffer
 * freed since the copy was queued gives NaN bytes (0xFF) instead of crashing the process.
 */
void flush() {
    while (!pending.empty()) {
        Pending p = pending.front();
        pending.pop_front();
        if (p.to_device) {
            iovec local = {p.destination, p.bytes};
            iovec remote = {const_cast<void*>(p.source), p.bytes};
            if (process_vm_readv(getpid(), &local, 1, &remote, 1, 0) != (ssize_t) p.bytes) {
                memset(p.destination, 0xFF, p.bytes);
            }
        } else {
            memcpy(p.destination, p.source, p.bytes);
        }
    }
}

// ---- fibers ---------------------------------------------------------------------------------

// Saves the callee-saved registers, MXCSR and the x87 control word on the current stack, stores
// the stack pointer in *save, and continues on the stack `next` (made by a previous switch, or by
// new_fiber_stack).
extern "C" void anneal_emu_switch(void** save, void* next);
asm(R"(
    .text
    .p2align 4
    .type anneal_emu_switch,@function
anneal_emu_switch:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    subq $8, %rsp
    stmxcsr (%rsp)
    fnstcw 4(%rsp)
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    ldmxcsr (%rsp)
    fldcw 4(%rsp)
    addq $8, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret
    .size anneal_emu_switch, .-anneal_emu_switch
)");

constexpr int MAX_THREADS = 1024;
constexpr size_t STACK_BYTES = 256 * 1024;

enum FiberState { RUNNABLE, AT_BLOCK, AT_WARP, DONE };

struct Fiber {
    void* sp;
    FiberState state;
    const void* site;
    unsigned mask;
    unsigned x, y, z;
};

struct anneal_emu_index {
    unsigned x, y, z;
};

struct Module {
    void* library;
    anneal_emu_index* indices[4];
};

struct Function {
    Module* module;
    void (*launch)(void**);
    std::string name;
};

Fiber fibers[MAX_THREADS];
char* stacks = nullptr;
void* scheduler_sp = nullptr;
Fiber* current = nullptr;
Function* running = nullptr;
void** running_params = nullptr;
unsigned long long warp_slots[MAX_THREADS / 32][32];

[[noreturn]] void fiber_main() {
    running->launch(running_params);
    current->state = DONE;
    anneal_emu_switch(&current->sp, scheduler_sp);
    abort();  // a finished fiber is never resumed
}

void* new_fiber_stack(int index) {
    // Stack tops a multiple of 256 KiB apart would share cache sets: offset each by its own line.
    uint64_t* sp = (uint64_t*) (stacks + (size_t) (index + 1) * STACK_BYTES - (size_t) (index % 64) * 64);
    *--sp = 0;                          // alignment: fiber_main starts as if called
    *--sp = (uint64_t) &fiber_main;     // where the first switch returns to
    for (int r = 0; r < 6; r++) {
        *--sp = 0;                      // rbp, rbx, r12-r15
    }
    --sp;
    uint32_t mxcsr;
    uint16_t control;
    asm volatile("stmxcsr %0" : "=m"(mxcsr));
    asm volatile("fnstcw %0" : "=m"(control));
    memcpy(sp, &mxcsr, 4);
    memcpy((char*) sp + 4, &control, 2);
    return sp;
}

void sync(int scope, unsigned mask, const void* site) {
    current->state = scope == 0 ? AT_BLOCK : AT_WARP;
    current->site = site;
    current->mask = mask;
    anneal_emu_switch(&current->sp, scheduler_sp);
}

unsigned long long* slots() {
    return warp_slots[(current - fibers) / 32];
}

uint64_t random_state = 0x9E3779B97F4A7C15ull;

uint32_t next_random() {
    random_state ^= random_state << 13;
    random_state ^= random_state >> 7;
    random_state ^= random_state << 17;
    return (uint32_t) (random_state >> 32);
}

std::string describe_block(const anneal_emu_index& block) {
    return "block (" + std::to_string(block.x) + ", " + std::to_string(block.y) + ", " + std::to_string(block.z) + ")";
}

/**
 * Runs one block to the end; false (with launch_failure set) when its threads cannot all finish.
 * Round by round, every thread that can go on runs to its next barrier or shuffle, in a new
 * (seeded) random order each round; and now and then a warp is held back for up to 32 rounds, as a
 * GPU schedules warps in no fixed order. So a kernel that misses a barrier reads what another
 * thread has not written yet, or has already overwritten, and gives wrong numbers here too.
 */
bool run_block(int threads, const anneal_emu_index& block, anneal_emu_index* thread_index) {
    static int order[MAX_THREADS];
    static int stalled[MAX_THREADS / 32];
    int warps = (threads + 31) / 32;
    for (int i = 0; i < threads; i++) {
        fibers[i].sp = new_fiber_stack(i);
        fibers[i].state = RUNNABLE;
    }
    for (int w = 0; w < warps; w++) {
        stalled[w] = 0;
    }
    for (;;) {
        for (int w = 0; w < warps; w++) {
            if (stalled[w] == 0 && next_random() % 16 == 0) {
                stalled[w] = 1 + (int) (next_random() % 32);
            }
        }
        int ran = 0;
        for (int i = 0; i < threads; i++) {
            if (fibers[i].state == RUNNABLE && stalled[i / 32] == 0) {
                order[ran++] = i;
            }
        }
        for (int t = ran - 1; t > 0; t--) {
            std::swap(order[t], order[next_random() % (unsigned) (t + 1)]);
        }
        for (int t = 0; t < ran; t++) {
            Fiber* fiber = &fibers[order[t]];
            current = fiber;
            thread_index->x = fiber->x;
            thread_index->y = fiber->y;
            thread_index->z = fiber->z;
            anneal_emu_switch(&scheduler_sp, fiber->sp);
        }
        int done = 0, runnable = 0, at_block = 0, at_warp = 0;
        for (int i = 0; i < threads; i++) {
            done += fibers[i].state == DONE;
            runnable += fibers[i].state == RUNNABLE;
            at_block += fibers[i].state == AT_BLOCK;
            at_warp += fibers[i].state == AT_WARP;
        }
        if (done == threads) {
            return true;
        }
        for (int w = 0; w < warps; w++) {
            // Held-back warps go on once only they could (no round without work).
            stalled[w] = ran == 0 ? 0 : stalled[w] > 0 ? stalled[w] - 1 : 0;
        }
        bool released = false;
        for (int warp = 0; warp < warps; warp++) {
            int first = warp * 32;
            int lanes = threads - first < 32 ? threads - first : 32;
            int waiting = 0;
            bool held = false;
            for (int lane = first; lane < first + lanes; lane++) {
                waiting += fibers[lane].state == AT_WARP;
                held |= fibers[lane].state == RUNNABLE;
            }
            if (waiting == 0 || held) {
                continue;
            }
            if (waiting != 32) {
                launch_failure = "unspecified launch failure: " + describe_block(block) + ", warp " + std::to_string(warp) + ": "
                        + std::to_string(waiting) + " of its " + std::to_string(lanes) + " threads wait at a warp shuffle, the others "
                        + (lanes < 32 ? "do not exist (the block is not a whole number of warps)" : "finished or wait elsewhere");
                return false;
            }
            for (int lane = first; lane < first + 32; lane++) {
                if (fibers[lane].site != fibers[first].site || fibers[lane].mask != 0xffffffffu) {
                    launch_failure = "unspecified launch failure: " + describe_block(block) + ", warp " + std::to_string(warp)
                            + ": lanes wait at different warp shuffles, or with a mask other than 0xffffffff";
                    return false;
                }
                fibers[lane].state = RUNNABLE;
            }
            released = true;
        }
        if (released || runnable > 0) {
            continue;
        }
        if (at_warp == 0 && at_block > 0) {
            const void* site = nullptr;
            for (int i = 0; i < threads; i++) {
                if (fibers[i].state == AT_BLOCK) {
                    if (site != nullptr && fibers[i].site != site) {
                        launch_failure = "unspecified launch failure: " + describe_block(block)
                                + ": threads wait at different __syncthreads calls";
                        return false;
                    }
                    site = fibers[i].site;
                    fibers[i].state = RUNNABLE;
                }
            }
            continue;
        }
        launch_failure = "unspecified launch failure: " + describe_block(block) + ": threads deadlocked ("
                + std::to_string(at_block) + " at __syncthreads, " + std::to_string(at_warp) + " at warp shuffles)";
        return false;
    }
}

Result launch(Function* function, const anneal_emu_index& grid, const anneal_emu_index& block, void** params) {
    Module* module = function->module;
    anneal_emu_index* thread_index = module->indices[0];
    *module->indices[2] = block;
    *module->indices[3] = grid;
    int threads = (int) (block.x * block.y * block.z);
    for (int i = 0; i < threads; i++) {
        fibers[i].x = i % block.x;
        fibers[i].y = i / block.x % block.y;
        fibers[i].z = i / (block.x * block.y);
    }
    running = function;
    running_params = params;
    // A GPU runs a launch's blocks in no fixed order: here, a seeded random one.
    std::vector<anneal_emu_index> blocks;
    for (unsigned bz = 0; bz < grid.z; bz++) {
        for (unsigned by = 0; by < grid.y; by++) {
            for (unsigned bx = 0; bx < grid.x; bx++) {
                blocks.push_back({bx, by, bz});
            }
        }
    }
    for (size_t b = blocks.size(); b > 1; b--) {
        std::swap(blocks[b - 1], blocks[next_random() % b]);
    }
    for (const anneal_emu_index& here : blocks) {
        *module->indices[1] = here;
        counters[BLOCKS]++;
        if (!run_block(threads, here, thread_index)) {
            launch_failure += " in kernel " + function->name;
            return LAUNCH_FAILED;
        }
    }
    return SUCCESS;
}

// ---- NVRTC ----------------------------------------------------------------------------------

struct Program {
    std::string source;
    std::string name;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string log;
    std::string image;
};

std::atomic<int> module_counter{0};

/** The folder this library was loaded from (it holds emulated_kernel.h and receives the modules). */
std::string own_folder() {
    Dl_info info;
    if (dladdr((void*) &own_folder, &info) == 0 || info.dli_fname == nullptr) {
        return ".";
    }
    std::string path = info.dli_fname;
    size_t slash = path.rfind('/');
    return slash == std::string::npos ? "." : path.substr(0, slash);
}

bool write_file(const std::string& path, const std::string& text) {
    FILE* f = fopen(path.c_str(), "wb");
    if (f == nullptr) {
        return false;
    }
    bool ok = fwrite(text.data(), 1, text.size(), f) == text.size();
    return fclose(f) == 0 && ok;
}

/** Runs a shell command; returns its exit status and appends its output to *output. */
int run(const std::string& command, std::string* output) {
    FILE* pipe = popen((command + " 2>&1").c_str(), "r");
    if (pipe == nullptr) {
        *output += "cannot run " + command + "\n";
        return -1;
    }
    char buffer[4096];
    size_t n;
    while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) {
        output->append(buffer, n);
    }
    return pclose(pipe);
}

std::string quote(const std::string& s) {
    std::string q = "'";
    for (char c : s) {
        q += c == '\'' ? std::string("'\\''") : std::string(1, c);
    }
    return q + "'";
}

std::string trim(const std::string& s) {
    size_t a = s.find_first_not_of(" \t\n");
    size_t b = s.find_last_not_of(" \t\n");
    return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

/** One launcher per kernel: unpacks cuLaunchKernel's argument pointers with the parameter types. */
bool launchers(const std::string& preprocessed, std::string* code, std::string* log) {
    std::regex kernel(R"(extern\s*"C"\s*anneal_emu_kernel_marker\s+void\s+(\w+)\s*\(([^)]*)\))");
    int count = 0;
    for (auto it = std::sregex_iterator(preprocessed.begin(), preprocessed.end(), kernel); it != std::sregex_iterator(); ++it) {
        std::string name = (*it)[1];
        std::string list = (*it)[2];
        std::string call;
        int index = 0;
        size_t start = 0;
        while (!trim(list).empty() && start <= list.size()) {
            size_t comma = list.find(',', start);
            std::string parameter = trim(list.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
            size_t end = parameter.find_last_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
            if (end == std::string::npos || end + 1 == parameter.size()) {
                *log += "emulator: cannot read parameter '" + parameter + "' of kernel " + name + "\n";
                return false;
            }
            std::string type = trim(parameter.substr(0, end + 1));
            call += std::string(index == 0 ? "" : ", ") + "*(" + type + " *) p[" + std::to_string(index) + "]";
            index++;
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
        *code += "extern \"C\" __attribute__((visibility(\"default\"))) void anneal_emu_launch_" + name
                + "(void** p) { " + name + "(" + call + "); }\n";
        count++;
    }
    if (count == 0) {
        *log += "emulator: no extern \"C\" __global__ kernel found\n";
        return false;
    }
    return true;
}

int compile(Program* program, const std::vector<std::string>& options) {
    bool architecture = false;
    for (const std::string& option : options) {
        if (option.rfind("--gpu-architecture=sm_", 0) == 0 || option.rfind("--gpu-architecture=compute_", 0) == 0) {
            architecture = true;
        } else if (option != "--std=c++17") {
            program->log = "emulator: unexpected option " + option + "\n";
            return 5;  // NVRTC_ERROR_INVALID_OPTION
        }
    }
    if (!architecture) {
        program->log = "emulator: no --gpu-architecture option\n";
        return 5;
    }
    std::string folder = own_folder();
    std::string work = folder + "/modules/" + std::to_string(getpid()) + "-" + std::to_string(module_counter++);
    std::string ignored;
    if (run("mkdir -p " + quote(work), &ignored) != 0) {
        program->log = "emulator: cannot create " + work + "\n";
        return 6;
    }
    if (!write_file(work + "/" + program->name, program->source)) {
        program->log = "emulator: cannot write " + work + "/" + program->name + "\n";
        return 6;
    }
    for (auto& header : program->headers) {
        write_file(work + "/" + header.first, header.second);
    }
    const char* cxx = getenv("CXX");
    std::string compiler = cxx != nullptr && *cxx != 0 ? cxx : "c++";
    // Fused multiply-adds as NVRTC's default --fmad=true (ISO C++ mode would keep them apart).
    std::string fused = __builtin_cpu_supports("fma") ? " -mfma -ffp-contract=fast" : " -ffp-contract=fast";
    std::string common = compiler + " -std=c++17 -x c++" + fused + " -include " + quote(folder + "/emulated_kernel.h") + " -I " + quote(work);
    std::string preprocessed;
    if (run(common + " -E -P -DANNEAL_EMU_SCAN " + quote(work + "/" + program->name), &preprocessed) != 0) {
        program->log = preprocessed;
        return 6;  // NVRTC_ERROR_COMPILATION
    }
    std::string code = "#include \"" + program->name + "\"\n";
    if (!launchers(preprocessed, &code, &program->log)) {
        return 6;
    }
    write_file(work + "/module.cpp", code);
    std::string library = work + "/module.so";
    if (run(common + " -O2 -fPIC -shared -Wl,-z,noexecstack -o " + quote(library) + " " + quote(work + "/module.cpp"), &program->log) != 0) {
        return 6;
    }
    program->image = "ANNEAL-EMU-MODULE " + library;
    program->image.push_back('\0');
    return 0;
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
        case NOT_FOUND: *s = "CUDA_ERROR_NOT_FOUND"; return 0;
        case LAUNCH_FAILED: *s = "CUDA_ERROR_LAUNCH_FAILED"; return 0;
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
        case NOT_FOUND: *s = "named symbol not found"; return 0;
        case LAUNCH_FAILED: *s = launch_failure.c_str(); return 0;
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
        case 16: *value = 2; return SUCCESS;   // multiprocessors: few, so that grid-stride loops go round
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

EXPORT int cuDevicePrimaryCtxRetain(void** context, int device) {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (device != 0) {
        return INVALID_DEVICE;
    }
    *context = &context_token;
    return SUCCESS;
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
    return SUCCESS;
}

EXPORT int cuStreamSynchronize(void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    flush();
    counters[WAITS]++;
    return SUCCESS;
}

EXPORT int cuMemAlloc_v2(unsigned long long* pointer, size_t bytes) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
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

EXPORT int cuMemFree_v2(unsigned long long pointer) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    auto it = allocations.find((uintptr_t) pointer);
    if (it == allocations.end()) {
        return INVALID_VALUE;
    }
    flush();  // cuMemFree waits for the device's queued work
    counters[WAITS]++;
    allocated -= it->second;
    allocations.erase(it);
    free((void*) pointer);
    return SUCCESS;
}

/** Allocates at once: the memory is usable by work queued after this call, as cuMemAllocAsync promises. */
EXPORT int cuMemAllocAsync(unsigned long long* pointer, size_t bytes, void* stream) {
    {
        std::lock_guard<std::mutex> guard(lock);
        if (Result r = ready()) {
            return r;
        }
        if (!stream_ok(stream)) {
            return INVALID_HANDLE;
        }
    }
    return cuMemAlloc_v2(pointer, bytes);
}

/** Frees after the work queued so far (done now: the queue runs first), waiting for nothing more. */
EXPORT int cuMemFreeAsync(unsigned long long pointer, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    auto it = allocations.find((uintptr_t) pointer);
    if (it == allocations.end()) {
        return INVALID_VALUE;
    }
    flush();
    counters[FREES]++;
    allocated -= it->second;
    allocations.erase(it);
    free((void*) pointer);
    return SUCCESS;
}

EXPORT int cuMemcpyHtoDAsync_v2(unsigned long long destination, const void* source, size_t bytes, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    if (!inside((uintptr_t) destination, bytes) || source == nullptr) {
        return INVALID_VALUE;
    }
    pending.push_back({true, (void*) destination, source, bytes});
    counters[UPLOADS]++;
    return SUCCESS;
}

EXPORT int cuMemcpyDtoHAsync_v2(void* destination, unsigned long long source, size_t bytes, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    if (!inside((uintptr_t) source, bytes) || destination == nullptr) {
        return INVALID_VALUE;
    }
    pending.push_back({false, destination, (const void*) source, bytes});
    counters[DOWNLOADS]++;
    return SUCCESS;
}

EXPORT int cuMemcpyDtoDAsync_v2(unsigned long long destination, unsigned long long source, size_t bytes, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    if (!inside((uintptr_t) destination, bytes) || !inside((uintptr_t) source, bytes)) {
        return INVALID_VALUE;
    }
    flush();
    memmove((void*) destination, (const void*) source, bytes);
    return SUCCESS;
}

EXPORT int cuMemsetD32Async(unsigned long long pointer, unsigned value, size_t count, void* stream) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    if (!stream_ok(stream)) {
        return INVALID_HANDLE;
    }
    if (pointer % 4 != 0 || !inside((uintptr_t) pointer, count * 4)) {
        return INVALID_VALUE;
    }
    flush();
    uint32_t* words = (uint32_t*) pointer;
    for (size_t i = 0; i < count; i++) {
        words[i] = value;
    }
    return SUCCESS;
}

EXPORT int cuModuleLoadData(void** module, const void* image) {
    std::lock_guard<std::mutex> guard(lock);
    if (Result r = ready()) {
        return r;
    }
    const char* prefix = "ANNEAL-EMU-MODULE ";
    if (image == nullptr || strncmp((const char*) image, prefix, strlen(prefix)) != 0) {
        return INVALID_IMAGE;
    }
    const char* path = (const char*) image + strlen(prefix);
    void* library = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
        return INVALID_IMAGE;
    }
    auto bind = (void (*)(anneal_emu_index**, void (*)(int, unsigned, const void*), unsigned long long* (*)(void))) dlsym(
            library, "anneal_emu_bind");
    if (bind == nullptr) {
        return INVALID_IMAGE;
    }
    Module* m = new Module();
    m->library = library;
    bind(m->indices, &sync, &slots);
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
    if (launcher == nullptr) {
        return NOT_FOUND;
    }
    *function = new Function{m, launcher, name};
    return SUCCESS;
}

EXPORT int cuLaunchKernel(void* function, unsigned gx, unsigned gy, unsigned gz, unsigned bx, unsigned by, unsigned bz,
                          unsigned shared, void* stream, void** params, void** extra) {
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
    // CUDA's limits on every GPU since compute capability 3.0.
    if (gx == 0 || gy == 0 || gz == 0 || bx == 0 || by == 0 || bz == 0 || gx > 2147483647u || gy > 65535 || gz > 65535
            || bx > 1024 || by > 1024 || bz > 64 || (unsigned long long) bx * by * bz > MAX_THREADS || shared > 48 * 1024
            || extra != nullptr || params == nullptr) {
        return INVALID_VALUE;
    }
    counters[LAUNCHES]++;
    flush();
    return launch((Function*) function, {gx, gy, gz}, {bx, by, bz}, params);
}

/** Makes the calling OS thread lose its current context, as a virtual thread sees it after moving to a carrier without one. */
EXPORT void anneal_emu_drop_context() {
    current_context = nullptr;
}

/** Copies the counters: allocations, uploads, downloads, stream waits, kernel launches, GEMMs, blocks run, stream-ordered frees. */
EXPORT void anneal_emu_counters(long long* out) {
    std::lock_guard<std::mutex> guard(lock);
    memcpy(out, counters, sizeof counters);
}

// ---- cuBLAS -------------------------------------------------------------------------------------

namespace {

int blas_handle_token = 0;

template <typename T>
int gemm(void* handle, int ta, int tb, int m, int n, int k, const T* alpha, const T* a, int lda, const T* b, int ldb,
         const T* beta, T* c, int ldc) {
    std::lock_guard<std::mutex> guard(lock);
    if (handle != &blas_handle_token) {
        return 1;  // CUBLAS_STATUS_NOT_INITIALIZED
    }
    if (ready() != SUCCESS) {
        return 13;  // CUBLAS_STATUS_EXECUTION_FAILED: its kernels cannot launch without the handle's context
    }
    flush();
    if (ta < 0 || ta > 2 || tb < 0 || tb > 2 || m < 0 || n < 0 || k < 0 || lda < (ta == 0 ? (m > 1 ? m : 1) : (k > 1 ? k : 1))
            || ldb < (tb == 0 ? (k > 1 ? k : 1) : (n > 1 ? n : 1)) || ldc < (m > 1 ? m : 1) || alpha == nullptr || beta == nullptr) {
        return 7;  // CUBLAS_STATUS_INVALID_VALUE
    }
    counters[GEMMS]++;
    if (m == 0 || n == 0) {
        return 0;
    }
    // Stored shapes (column-major): A is (ta ? k : m) x (ta ? m : k), B is (tb ? n : k) x (tb ? k : n).
    auto extent = [](int rows, int cols, int ld) { return ((size_t) (cols - 1) * ld + rows) * sizeof(T); };
    bool readsAB = k > 0 && *alpha != 0;
    if ((readsAB && !inside((uintptr_t) a, extent(ta ? k : m, ta ? m : k, lda)))
            || (readsAB && !inside((uintptr_t) b, extent(tb ? n : k, tb ? k : n, ldb)))
            || !inside((uintptr_t) c, extent(m, n, ldc))) {
        return 13;  // CUBLAS_STATUS_EXECUTION_FAILED
    }
    for (int j = 0; j < n; j++) {
        for (int i = 0; i < m; i++) {
            T sum = 0;
            if (readsAB) {
                for (int l = 0; l < k; l++) {
                    T x = ta == 0 ? a[i + (size_t) l * lda] : a[l + (size_t) i * lda];
                    T y = tb == 0 ? b[l + (size_t) j * ldb] : b[j + (size_t) l * ldb];
                    sum = std::fma(x, y, sum);
                }
            }
            T* out = c + i + (size_t) j * ldc;
            *out = *beta == 0 ? *alpha * sum : *alpha * sum + *beta * *out;
        }
    }
    return 0;
}

}  // namespace

EXPORT int cublasCreate_v2(void** handle) {
    std::lock_guard<std::mutex> guard(lock);
    if (ready() != SUCCESS) {
        return 1;  // CUBLAS_STATUS_NOT_INITIALIZED
    }
    *handle = &blas_handle_token;
    return 0;
}

EXPORT int cublasSetStream_v2(void* handle, void* stream) {
    return handle == &blas_handle_token && stream_ok(stream) ? 0 : 7;
}

EXPORT const char* cublasGetStatusName(int status) {
    switch (status) {
        case 0: return "CUBLAS_STATUS_SUCCESS";
        case 1: return "CUBLAS_STATUS_NOT_INITIALIZED";
        case 7: return "CUBLAS_STATUS_INVALID_VALUE";
        case 13: return "CUBLAS_STATUS_EXECUTION_FAILED";
        default: return "CUBLAS_STATUS_UNKNOWN";
    }
}

EXPORT int cublasSgemm_v2(void* h, int ta, int tb, int m, int n, int k, const float* alpha, const float* a, int lda,
                          const float* b, int ldb, const float* beta, float* c, int ldc) {
    return gemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

EXPORT int cublasDgemm_v2(void* h, int ta, int tb, int m, int n, int k, const double* alpha, const double* a, int lda,
                          const double* b, int ldb, const double* beta, double* c, int ldc) {
    return gemm(h, ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}

// ---- NVRTC --------------------------------------------------------------------------------------

EXPORT const char* nvrtcGetErrorString(int result) {
    switch (result) {
        case 0: return "NVRTC_SUCCESS";
        case 3: return "NVRTC_ERROR_INVALID_INPUT";
        case 4: return "NVRTC_ERROR_INVALID_PROGRAM";
        case 5: return "NVRTC_ERROR_INVALID_OPTION";
        case 6: return "NVRTC_ERROR_COMPILATION";
        default: return "NVRTC_ERROR unknown";
    }
}

EXPORT int nvrtcVersion(int* major, int* minor) {
    *major = 12;
    *minor = 4;
    return 0;
}

EXPORT int nvrtcGetNumSupportedArchs(int* count) {
    *count = 2;
    return 0;
}

EXPORT int nvrtcGetSupportedArchs(int* archs) {
    archs[0] = 80;
    archs[1] = 90;
    return 0;
}

EXPORT int nvrtcCreateProgram(void** program, const char* source, const char* name, int headers,
                              const char* const* texts, const char* const* names) {
    if (program == nullptr || source == nullptr || headers < 0) {
        return 3;
    }
    Program* p = new Program();
    p->source = source;
    p->name = name != nullptr ? name : "default_program";
    for (int i = 0; i < headers; i++) {
        p->headers.emplace_back(names[i], texts[i]);
    }
    *program = p;
    return 0;
}

EXPORT int nvrtcCompileProgram(void* program, int count, const char* const* options) {
    if (program == nullptr) {
        return 4;
    }
    std::vector<std::string> list;
    for (int i = 0; i < count; i++) {
        list.emplace_back(options[i]);
    }
    return compile((Program*) program, list);
}

EXPORT int nvrtcDestroyProgram(void** program) {
    if (program == nullptr || *program == nullptr) {
        return 4;
    }
    if (((Program*) *program)->name == "destroy-fails.cu") {
        return 4;  // NVRTC_ERROR_INVALID_PROGRAM, for the test that a compile error is not hidden by this one
    }
    delete (Program*) *program;
    *program = nullptr;
    return 0;
}

EXPORT int nvrtcGetProgramLogSize(void* program, size_t* size) {
    *size = ((Program*) program)->log.size() + 1;
    return 0;
}

EXPORT int nvrtcGetProgramLog(void* program, char* log) {
    const std::string& text = ((Program*) program)->log;
    memcpy(log, text.c_str(), text.size() + 1);
    return 0;
}

EXPORT int nvrtcGetCUBINSize(void* program, size_t* size) {
    Program* p = (Program*) program;
    if (p->image.empty()) {
        return 4;
    }
    *size = p->image.size();
    return 0;
}

EXPORT int nvrtcGetCUBIN(void* program, char* image) {
    Program* p = (Program*) program;
    if (p->image.empty()) {
        return 4;
    }
    memcpy(image, p->image.data(), p->image.size());
    return 0;
}

EXPORT int nvrtcGetPTXSize(void* program, size_t* size) {
    return nvrtcGetCUBINSize(program, size);
}

EXPORT int nvrtcGetPTX(void* program, char* image) {
    return nvrtcGetCUBIN(program, image);
}
