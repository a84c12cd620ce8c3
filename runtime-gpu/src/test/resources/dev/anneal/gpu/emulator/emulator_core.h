// The CUDA emulator's state and its one stream (part of cuda_emulator.cpp): device memory, the queue of
// stream work that runs later than it is queued, faults that surface at the next synchronising call
// and then stick to the context, stream capture into graphs, the memory pool's bookkeeping and the
// counters the tests read.
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
    NOT_READY = 600,
    ILLEGAL_ADDRESS = 700,
    LAUNCH_FAILED = 719,
    STREAM_CAPTURE_UNSUPPORTED = 900,
    STREAM_CAPTURE_INVALIDATED = 901,
};

std::mutex lock;
bool initialised = false;
int context_token = 0;
int stream_token = 0;
thread_local void* current_context = nullptr;
/** Live device allocations: start -> bytes. */
std::map<uintptr_t, size_t> allocations;
/** Allocations whose stream-ordered free is queued but has not run yet. */
std::set<uintptr_t> freeing;
size_t allocated = 0;
/** The emulated GPU's memory: allocations beyond it fail with CUDA_ERROR_OUT_OF_MEMORY. */
constexpr size_t MEMORY_BYTES = (size_t) 4 << 30;
/** Multiprocessors the device reports (anneal_emu_configure): few by default, so that grid-stride loops go round. */
int multiprocessors = 2;

/** Calls counted for the tests (anneal_emu_counters): what crosses between host and device, and when. */
enum Counter {
    ALLOCATIONS, UPLOADS, DOWNLOADS, WAITS, LAUNCHES, GEMMS, BLOCKS, FREES, POOL_GROWTHS, GRAPH_LAUNCHES, CAPTURES, COUNTERS
};
long long counters[COUNTERS];

/** Objects alive now, for the tests (anneal_emu_live): primary context retains, streams, cuBLAS handles. */
int primary_retains = 0;
int streams = 0;
int blas_handles = 0;

// ---- faults --------------------------------------------------------------------------------------

/**
 * The context's error once a fault has surfaced: every later call returns it, as on a GPU after
 * CUDA_ERROR_ILLEGAL_ADDRESS or CUDA_ERROR_LAUNCH_FAILED ("the process must be terminated").
 */
Result sticky = SUCCESS;
/** What cuGetErrorString says about the sticky error: CUDA's text, then the emulator's diagnosis. */
std::string fault_text;
/** What the stream work that failed said (its diagnosis), for fault_text. */
std::string failure;
/** A fault the kernel running now ran into, reported when its launch ends. */
Result kernel_fault = SUCCESS;
std::string kernel_fault_text;
/** anneal_emu_fault: the next run of this kernel faults with this error. */
std::string injected_kernel;
Result injected_code = SUCCESS;

/** Records the first fault of the kernel running now; the kernel runs on, as a GPU's other threads do. */
void raise(Result code, const std::string& text) {
    if (kernel_fault == SUCCESS) {
        kernel_fault = code;
        kernel_fault_text = text;
    }
}

/** Fails the stream work running now: the fault surfaces at the synchronising call that ran it. */
Result fail(Result code, const std::string& text) {
    failure = text;
    return code;
}

const char* cuda_text(int code) {
    switch (code) {
        case ILLEGAL_ADDRESS: return "an illegal memory access was encountered";
        case LAUNCH_FAILED: return "unspecified launch failure";
        default: return "unknown error";
    }
}

// ---- the stream ----------------------------------------------------------------------------------

/**
 * Work queued on the stream: it runs when the host synchronises (cuStreamSynchronize, cuStreamQuery,
 * a copy to the host, cuMemFree_v2) or when the queue is full, in the order it was queued, as a GPU
 * runs launches some time after the calls that queued them. A fault stops the queue: the rest never runs.
 */
using Work = std::function<Result()>;
std::deque<Work> queue;
/** Queued work at most, as a GPU's launch queue holds about a thousand launches before the host waits. */
constexpr size_t QUEUE_DEPTH = 1024;

/** A captured graph (cuStreamEndCapture) or an instantiated one (cuGraphInstantiateWithFlags): work to queue on launch. */
struct Graph {
    std::vector<Work> work;
};
/** The capture in progress on the stream (cuStreamBeginCapture_v2), and the thread that began it. */
Graph* capture = nullptr;
bool capture_invalidated = false;
std::thread::id capture_thread;

/** Runs the queued work in order; a fault becomes the context's sticky error and drops the rest. */
Result drain() {
    while (sticky == SUCCESS && !queue.empty()) {
        Work work = std::move(queue.front());
        queue.pop_front();
        Result r = work();
        if (r != SUCCESS) {
            sticky = r;
            fault_text = std::string(cuda_text(r)) + " (emulator: " + failure + ")";
        }
    }
    queue.clear();
    return sticky;
}

Result ready() {
    if (!initialised) {
        return NOT_INITIALIZED;
    }
    if (current_context != &context_token) {
        return INVALID_CONTEXT;
    }
    return sticky;
}

bool stream_ok(void* stream) {
    return stream == nullptr || stream == &stream_token;
}

/**
 * Whether a call on the stream may go on while it is capturing: the capture's own thread may only
 * queue work that a graph can hold; other threads may not touch the stream at all (on a GPU their work
 * would silently join the graph and run again at every replay). A refusal invalidates the capture.
 */
Result capture_allows(bool capturable) {
    if (capture == nullptr) {
        return SUCCESS;
    }
    if (!capturable || std::this_thread::get_id() != capture_thread) {
        capture_invalidated = true;
        return STREAM_CAPTURE_UNSUPPORTED;
    }
    return SUCCESS;
}

/** Queues work on the stream, or adds it to the graph being captured. */
Result enqueue(Work work) {
    if (capture != nullptr) {
        capture->work.push_back(std::move(work));
        return SUCCESS;
    }
    queue.push_back(std::move(work));
    return queue.size() > QUEUE_DEPTH ? drain() : SUCCESS;
}

/** Whether [pointer, pointer + bytes) lies inside one live allocation. */
bool inside(uintptr_t pointer, size_t bytes) {
    auto it = allocations.upper_bound(pointer);
    if (it == allocations.begin()) {
        return false;
    }
    --it;
    return pointer >= it->first && pointer + bytes <= it->first + it->second;
}

// ---- the memory pool -----------------------------------------------------------------------------

/**
 * The device's default memory pool, as bookkeeping: memory in use, memory reserved from the driver,
 * and the release threshold (CU_MEMPOOL_ATTR_RELEASE_THRESHOLD, 0 by default), above which a
 * synchronisation gives reserved memory back, so that the next allocation goes to the driver again.
 */
int pool_token = 0;
unsigned long long pool_used = 0;
unsigned long long pool_reserved = 0;
unsigned long long pool_release_threshold = 0;

void pool_take(size_t bytes) {
    pool_used += bytes;
    if (pool_used > pool_reserved) {
        pool_reserved = pool_used;
        counters[POOL_GROWTHS]++;
    }
}

/** At a synchronisation: reserved memory beyond the threshold and the memory in use goes back to the driver. */
void pool_trim() {
    unsigned long long keep = std::max(pool_used, pool_release_threshold);
    if (pool_reserved > keep) {
        pool_reserved = keep;
    }
}

}  // namespace
