# IlgpuNet — `make demo` trains the quick-start model and writes its report; `make test` runs the suite.
# Both start with `make deps`: the Debian packages the project uses (only those missing) and the NuGet restore.

DOTNET      ?= dotnet
CONFIG      ?= Release
SUDO        := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Fashion-MNIST for the demo; Chromium renders report.html in a test; DejaVu Sans is the font of every figure (ScottPlot's
# SkiaSharp reads /usr/share/fonts directly, so no fontconfig is needed). The device kernels need nothing here: ILGPU
# (NuGet) compiles them, and the tests run them on its CPU accelerator.
APT_PACKAGES := dataset-fashion-mnist chromium fonts-dejavu-core
TEST_FILTER ?=
BENCH_APT_PACKAGES := python3-torch python3-torchvision libopenblas0-pthread

.PHONY: deps bench-deps build demo test bench bench-publish bench-gemm bench-compare gpu-check format clean

# $(call apt_install,target,packages): installs the packages that are missing, quietly, naming them first.
apt_install = @missing=""; for p in $(2); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "$(1): installing$$missing"; \
	  $(SUDO) apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	fi

deps:
	$(call apt_install,deps,$(APT_PACKAGES))
	@$(DOTNET) restore IlgpuNet.sln --verbosity quiet

# What the comparisons run against: PyTorch CPU with OpenBLAS (without it Debian's torch falls back to the reference
# BLAS, some 28× slower on sgemm, and `benchmarks compare` refuses to run).
bench-deps: deps
	$(call apt_install,bench-deps,$(BENCH_APT_PACKAGES))

build: deps
	@$(DOTNET) build IlgpuNet.sln -c $(CONFIG) --no-restore --verbosity quiet -nologo -clp:NoSummary

demo: build
	@./ilgpunet quickstart --epochs 2 --out runs/quickstart

test: build
	@bash tools/run-tests.sh $(CONFIG) $(TEST_FILTER)

bench-gemm: bench-deps build
	@$(DOTNET) run -c $(CONFIG) --no-build --project benchmarks -- gemm

bench-compare: bench-deps build
	@$(DOTNET) run -c $(CONFIG) --no-build --project benchmarks -- compare $(MODELS)

# BenchmarkDotNet suites on every backend present, e.g. FILTER='*ConvBenchmarks*' or FILTER='*GemmBenchmarks*cpu*'
# (the filter also matches the parameters: Shape, Device); docs/benchmarks.md lists the suites.
bench: build
	@$(DOTNET) run -c $(CONFIG) --no-build --project benchmarks -- kernels --filter '$(or $(FILTER),*)'

# The benchmarks as a self-contained folder for a machine without the SDK (a GPU machine): copy publish/benchmarks
# there and run the command printed; the suites run in process, so no build happens there.
bench-publish:
	@$(DOTNET) publish benchmarks/IlgpuNet.Benchmarks.csproj -c Release -r linux-x64 --self-contained \
	  -o publish/benchmarks --verbosity quiet -nologo
	@echo "publish/benchmarks/IlgpuNet.Benchmarks kernels --filter '*'"

# One self-contained, trimmed, compressed file (about 16 MB) for a GPU machine without the SDK: copy
# publish/gpu-check/gpu-check there and run it (--device cuda:0 by default; PyTorch through python3 for the comparison);
# it prints and writes gpu-check.json. Here it reports that there is no CUDA device (exit 2); --device ilgpu-cpu
# --size small runs it all on ILGPU's CPU accelerator.
gpu-check:
	@$(DOTNET) publish tools/gpu-check/IlgpuNet.GpuCheck.csproj -c Release -r linux-x64 --self-contained \
	  -o publish/gpu-check --verbosity quiet -nologo -p:DebugType=none
	@echo "publish/gpu-check/gpu-check"

format:
	@$(DOTNET) format IlgpuNet.sln

clean:
	@$(DOTNET) clean IlgpuNet.sln --verbosity quiet; rm -rf runs publish
