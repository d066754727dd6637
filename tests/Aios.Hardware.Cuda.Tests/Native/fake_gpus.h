/*
 * The machines the fake NVML and CUDA driver libraries pretend to be, one per scenario, chosen at compile time:
 *   gcc -shared -fPIC -DSCENARIO=SCENARIO_MIG -o <dir>/libnvidia-ml.so.1 fake_nvml.c
 * Both libraries include this table, so NVML and CUDA agree on every UUID.
 */
#ifndef FAKE_GPUS_H
#define FAKE_GPUS_H

#define SCENARIO_NORMAL 1
#define SCENARIO_MIG 2
#define SCENARIO_NOTSUPPORTED 3
#define SCENARIO_DRIVER_NOT_LOADED 4
#define SCENARIO_LOST 5

#ifndef SCENARIO
#define SCENARIO SCENARIO_NORMAL
#endif

#define GIB (1024ULL * 1024ULL * 1024ULL)

typedef struct fake_gpu {
    const char *name;
    const char *uuid;          /* NVML text form; CUDA reports the 16 bytes after the prefix */
    const char *bus_id;        /* NVML form, 8-digit domain */
    unsigned long long memory_total;
    unsigned int numa_node;
    unsigned int max_sm_clock_mhz;
    int nvlink_peer;           /* index of the GPU at the other end of every active link, -1 for none */
    int bridge;                /* GPUs with equal values sit under one PCIe switch, others meet at the host bridge */
    int lost;                  /* every query but name/UUID/PCI returns NVML_ERROR_GPU_IS_LOST */
    int mig_mode;              /* -1: MIG not supported, 0: disabled, 1: enabled */
    int compute_major, compute_minor, multiprocessors;
} fake_gpu;

typedef struct fake_mig {
    int parent;
    unsigned int slot;
    const char *uuid;
    unsigned int multiprocessors;
    unsigned int slices;
    unsigned long long memory_mb;
} fake_mig;

#if SCENARIO == SCENARIO_NORMAL
static const fake_gpu fake_gpus[] = {
    { "NVIDIA A100-SXM4-80GB", "GPU-6b2f1a10-0c3e-4a5b-9d7e-8f9a0b1c2d3e", "00000000:07:00.0", 80 * GIB, 0, 1410, 1, 0, 0, 0, 8, 0, 108 },
    { "NVIDIA A100-SXM4-80GB", "GPU-1c9d8e7f-6a5b-4c3d-8e2f-1a0b9c8d7e6f", "00000000:0F:00.0", 80 * GIB, 0, 1410, 0, 0, 0, 0, 8, 0, 108 },
    { "NVIDIA A30", "GPU-a30a30a3-0a30-4a30-8a30-a30a30a30a30", "00000000:87:00.0", 24 * GIB, 0, 1440, -1, 1, 0, -1, 8, 0, 56 },
};
static const fake_mig fake_migs[] = { { -1, 0, "", 0, 0, 0 } };
#define FAKE_MIG_COUNT 0
#elif SCENARIO == SCENARIO_MIG
static const fake_gpu fake_gpus[] = {
    { "NVIDIA A100-SXM4-80GB", "GPU-7e57a100-1111-4222-8333-444455556666", "00000000:07:00.0", 80 * GIB, 0, 1410, -1, 0, 0, 1, 8, 0, 108 },
};
/* Slot 1 is empty on purpose: NVML numbers MIG devices sparsely. */
static const fake_mig fake_migs[] = {
    { 0, 0, "MIG-0a0a0a0a-3333-4333-8333-000000000003", 42, 3, 40192 },
    { 0, 2, "MIG-0b0b0b0b-2222-4222-8222-000000000002", 28, 2, 19968 },
};
#define FAKE_MIG_COUNT 2
#elif SCENARIO == SCENARIO_NOTSUPPORTED
static const fake_gpu fake_gpus[] = {
    { "NVIDIA T4", "GPU-74747474-7474-4747-8747-747474747474", "00000000:3B:00.0", 15360ULL * 1024ULL * 1024ULL, 0, 1590, -1, 0, 0, -1, 7, 5, 40 },
};
static const fake_mig fake_migs[] = { { -1, 0, "", 0, 0, 0 } };
#define FAKE_MIG_COUNT 0
#define FAKE_NO_NUMA_EXPORT 1
#elif SCENARIO == SCENARIO_DRIVER_NOT_LOADED
static const fake_gpu fake_gpus[] = {
    { "NVIDIA A100-SXM4-80GB", "GPU-00000000-0000-4000-8000-000000000000", "00000000:07:00.0", 80 * GIB, 0, 1410, -1, 0, 0, 0, 8, 0, 108 },
};
static const fake_mig fake_migs[] = { { -1, 0, "", 0, 0, 0 } };
#define FAKE_MIG_COUNT 0
#elif SCENARIO == SCENARIO_LOST
static const fake_gpu fake_gpus[] = {
    { "NVIDIA H100 80GB HBM3", "GPU-11111111-2222-4333-8444-555555555555", "00000000:18:00.0", 80 * GIB, 0, 1980, -1, 0, 0, 0, 9, 0, 132 },
    { "NVIDIA H100 80GB HBM3", "GPU-99999999-8888-4777-8666-555555555555", "00000000:2A:00.0", 80 * GIB, 0, 1980, -1, 0, 1, 0, 9, 0, 132 },
};
static const fake_mig fake_migs[] = { { -1, 0, "", 0, 0, 0 } };
#define FAKE_MIG_COUNT 0
#else
#error "unknown SCENARIO"
#endif

#define FAKE_GPU_COUNT ((int)(sizeof(fake_gpus) / sizeof(fake_gpus[0])))

#endif
