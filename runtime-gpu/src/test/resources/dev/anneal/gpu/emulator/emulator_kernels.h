// The CUDA emulator's kernels (part of cuda_emulator.cpp): each GPU thread of a block is a fiber with
// its own stack, so that __syncthreads and warp shuffles suspend it until the threads they wait for
// arrive; threads run in a seeded random order, warps are held back now and then, and the blocks of
// a launch run in a random order, so that a missing barrier gives wrong numbers, as on a GPU.
namespace {

std::string hex(uint64_t value) {
    char text[32];
    snprintf(text, sizeof text, "%llx", (unsigned long long) value);
    return text;
}

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
    /** Each parameter's size in bytes, negative for a pointer (from the generated anneal_emu_params_NAME). */
    std::vector<int> sizes;
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
 * Runs one block to the end; false (with the kernel's fault raised) when its threads cannot all finish.
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
                raise(LAUNCH_FAILED, describe_block(block) + ", warp " + std::to_string(warp) + ": "
                        + std::to_string(waiting) + " of its " + std::to_string(lanes) + " threads wait at a warp shuffle, the others "
                        + (lanes < 32 ? "do not exist (the block is not a whole number of warps)" : "finished or wait elsewhere"));
                return false;
            }
            for (int lane = first; lane < first + 32; lane++) {
                if (fibers[lane].site != fibers[first].site || fibers[lane].mask != 0xffffffffu) {
                    raise(LAUNCH_FAILED, describe_block(block) + ", warp " + std::to_string(warp)
                            + ": lanes wait at different warp shuffles, or with a mask other than 0xffffffff");
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
                        raise(LAUNCH_FAILED, describe_block(block) + ": threads wait at different __syncthreads calls");
                        return false;
                    }
                    site = fibers[i].site;
                    fibers[i].state = RUNNABLE;
                }
            }
            continue;
        }
        raise(LAUNCH_FAILED, describe_block(block) + ": threads deadlocked ("
                + std::to_string(at_block) + " at __syncthreads, " + std::to_string(at_warp) + " at warp shuffles)");
        return false;
    }
}

/** What the undefined-behaviour checks in a kernel found (emulated_kernel.h), as a fault of the running kernel. */
void undefined(const char* what) {
    raise(LAUNCH_FAILED, std::string("undefined behaviour: ") + what);
}

/**
 * Runs a launch queued earlier: its arguments are the values cuLaunchKernel copied. Each pointer
 * argument must be null or point into device memory in use now: memory freed on the stream before
 * the kernel runs is an illegal address here (on a GPU the pool may have handed it to another tensor).
 */
Result run_kernel(Function* function, anneal_emu_index grid, anneal_emu_index block, const std::vector<uint64_t>& values) {
    std::vector<void*> params(function->sizes.size());
    for (size_t i = 0; i < params.size(); i++) {
        params[i] = (void*) &values[i];
        if (function->sizes[i] < 0 && values[i] != 0 && !inside((uintptr_t) values[i], 1)) {
            return fail(ILLEGAL_ADDRESS, "kernel " + function->name + ": argument " + std::to_string(i) + " (0x"
                    + hex(values[i]) + ") is not device memory in use: freed on the stream before the kernel ran, or never allocated");
        }
    }
    if (!injected_kernel.empty() && injected_kernel == function->name) {
        injected_kernel.clear();
        return fail(injected_code, "kernel " + function->name + ": a fault injected by the test (anneal_emu_fault)");
    }
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
    running_params = params.data();
    kernel_fault = SUCCESS;
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
            break;
        }
    }
    if (kernel_fault != SUCCESS) {
        Result code = kernel_fault;
        kernel_fault = SUCCESS;
        return fail(code, "kernel " + function->name + ", " + kernel_fault_text);
    }
    return SUCCESS;
}

}  // namespace
