// The CUDA emulator's NVRTC (part of cuda_emulator.cpp): compiles a kernel source with the C++
// compiler (c++, or $CXX) into a shared library, with emulated_kernel.h included first, and generates
// one launcher per extern "C" kernel that unpacks cuLaunchKernel's argument array with the kernel's
// own parameter types, and a table of those parameters' sizes.
namespace {

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

std::string read_file(const std::string& path) {
    std::string text;
    FILE* f = fopen(path.c_str(), "rb");
    if (f != nullptr) {
        char buffer[4096];
        size_t n;
        while ((n = fread(buffer, 1, sizeof buffer, f)) > 0) {
            text.append(buffer, n);
        }
        fclose(f);
    }
    return text;
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
        std::string sizes;
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
            sizes += std::string(type.find('*') != std::string::npos ? "-" : "") + "(int) sizeof(" + type + "), ";
            index++;
            if (comma == std::string::npos) {
                break;
            }
            start = comma + 1;
        }
        *code += "extern \"C\" __attribute__((visibility(\"default\"))) void anneal_emu_launch_" + name
                + "(void** p) { " + name + "(" + call + "); }\n";
        // The parameters' sizes, negative for pointers, then 0: cuLaunchKernel copies the values it is given.
        *code += "extern \"C\" __attribute__((visibility(\"default\"))) const int anneal_emu_params_" + name
                + "[] = { " + sizes + "0 };\n";
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
    const char* cxx = getenv("CXX");
    std::string compiler = cxx != nullptr && *cxx != 0 ? cxx : "c++";
    // Fused multiply-adds as NVRTC's default --fmad=true (ISO C++ mode would keep them apart).
    std::string fused = __builtin_cpu_supports("fma") ? " -mfma -ffp-contract=fast" : " -ffp-contract=fast";
    // A module compiled before from the same source, headers and flags is reused (a JVM per test class compiles once).
    std::string key = compiler + fused + "\n" + read_file(folder + "/emulated_kernel.h") + "\n" + program->name + "\n" + program->source;
    for (auto& header : program->headers) {
        key += "\n" + header.first + "\n" + header.second;
    }
    char digest[32];
    snprintf(digest, sizeof digest, "%016zx", std::hash<std::string>()(key));
    std::string cached = folder + "/modules/cache-" + digest;
    std::string library = cached + "/module.so";
    if (access(library.c_str(), R_OK) == 0) {
        program->image = "ANNEAL-EMU-MODULE " + library;
        program->image.push_back('\0');
        return 0;
    }
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
    // A float-to-int conversion of a value int cannot hold (NaN among them) is undefined in C++: x86 gives
    // INT_MIN, a GPU 0 or the nearest int. emulated_kernel.h's handler makes it the kernel's fault instead.
    if (run(common + " -O2 -fPIC -fsanitize=float-cast-overflow -c -o " + quote(work + "/module.o") + " " + quote(work + "/module.cpp"),
            &program->log) != 0
            || run(compiler + " -shared -Wl,-z,noexecstack -o " + quote(work + "/module.so") + " " + quote(work + "/module.o"),
                   &program->log) != 0) {
        return 6;
    }
    if (rename(work.c_str(), cached.c_str()) != 0) {
        library = work + "/module.so";  // another process cached the same module meanwhile: use this one
    }
    program->image = "ANNEAL-EMU-MODULE " + library;
    program->image.push_back('\0');
    return 0;
}

}  // namespace

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
