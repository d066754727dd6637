/*
 * A fake libnvidia-ml.so.1 for the Aios.Hardware.Cuda tests: the NVML entry points the adapter calls, with the
 * documented signatures and struct layouts (nvml.h), answering from the scenario table in fake_gpus.h.
 * Handles are pointers into that table, as NVML's are opaque pointers.
 */
#include <string.h>
#include <stdio.h>
#include "fake_gpus.h"

#define NVML_SUCCESS 0
#define NVML_ERROR_UNINITIALIZED 1
#define NVML_ERROR_INVALID_ARGUMENT 2
#define NVML_ERROR_NOT_SUPPORTED 3
#define NVML_ERROR_NO_PERMISSION 4
#define NVML_ERROR_NOT_FOUND 6
#define NVML_ERROR_INSUFFICIENT_SIZE 7
#define NVML_ERROR_DRIVER_NOT_LOADED 9
#define NVML_ERROR_GPU_IS_LOST 15
#define NVML_ERROR_UNKNOWN 999

typedef struct { unsigned long long total, free, used; } nvmlMemory_t;
typedef struct { unsigned int gpu, memory; } nvmlUtilization_t;
typedef struct {
    char busIdLegacy[16];
    unsigned int domain, bus, device, pciDeviceId, pciSubSystemId;
    char busId[32];
} nvmlPciInfo_t;
typedef struct {
    unsigned int multiprocessorCount, sharedCopyEngineCount, sharedDecoderCount, sharedEncoderCount;
    unsigned int sharedJpegCount, sharedOfaCount, gpuInstanceSliceCount, computeInstanceSliceCount;
    unsigned long long memorySizeMB;
} nvmlDeviceAttributes_t;

/* A handle names either a GPU (kind 0) or a MIG device (kind 1). */
typedef struct { int kind; int index; } fake_handle;
static fake_handle gpu_handles[FAKE_GPU_COUNT];
static fake_handle mig_handles[FAKE_MIG_COUNT > 0 ? FAKE_MIG_COUNT : 1];
static int init_count;

#define USED_MEMORY (1ULL * GIB)

int fake_nvml_init_count(void) { return init_count; }

int nvmlInit_v2(void)
{
    if (SCENARIO == SCENARIO_DRIVER_NOT_LOADED) return NVML_ERROR_DRIVER_NOT_LOADED;
    for (int i = 0; i < FAKE_GPU_COUNT; i++) { gpu_handles[i].kind = 0; gpu_handles[i].index = i; }
    for (int i = 0; i < FAKE_MIG_COUNT; i++) { mig_handles[i].kind = 1; mig_handles[i].index = i; }
    init_count++;
    return NVML_SUCCESS;
}

int nvmlShutdown(void)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    init_count--;
    return NVML_SUCCESS;
}

static int copy_text(const char *text, char *buffer, unsigned int length)
{
    if (buffer == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (strlen(text) + 1 > length) return NVML_ERROR_INSUFFICIENT_SIZE;
    strcpy(buffer, text);
    return NVML_SUCCESS;
}

static const fake_gpu *gpu_of(const fake_handle *handle)
{
    return handle != NULL && handle->kind == 0 && handle->index < FAKE_GPU_COUNT ? &fake_gpus[handle->index] : NULL;
}

static const fake_mig *mig_of(const fake_handle *handle)
{
    return handle != NULL && handle->kind == 1 && handle->index < FAKE_MIG_COUNT ? &fake_migs[handle->index] : NULL;
}

/* Checks the library is initialized and the handle names a GPU; reports a lost GPU. */
#define REQUIRE_GPU(handle, gpu) \
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED; \
    const fake_gpu *gpu = gpu_of(handle); \
    if (gpu == NULL) return mig_of(handle) != NULL ? NVML_ERROR_NOT_SUPPORTED : NVML_ERROR_INVALID_ARGUMENT;
#define REQUIRE_PRESENT(gpu) if ((gpu)->lost) return NVML_ERROR_GPU_IS_LOST;

int nvmlSystemGetDriverVersion(char *version, unsigned int length)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    return copy_text("550.54.15", version, length);
}

int nvmlDeviceGetCount_v2(unsigned int *count)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    *count = FAKE_GPU_COUNT;
    return NVML_SUCCESS;
}

int nvmlDeviceGetHandleByIndex_v2(unsigned int index, fake_handle **device)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    if (index >= (unsigned int)FAKE_GPU_COUNT) return NVML_ERROR_INVALID_ARGUMENT;
    *device = &gpu_handles[index];
    return NVML_SUCCESS;
}

int nvmlDeviceGetHandleByUUID(const char *uuid, fake_handle **device)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    for (int i = 0; i < FAKE_GPU_COUNT; i++)
        if (strcmp(fake_gpus[i].uuid, uuid) == 0) { *device = &gpu_handles[i]; return NVML_SUCCESS; }
    for (int i = 0; i < FAKE_MIG_COUNT; i++)
        if (strcmp(fake_migs[i].uuid, uuid) == 0) { *device = &mig_handles[i]; return NVML_SUCCESS; }
    return NVML_ERROR_NOT_FOUND;
}

int nvmlDeviceGetName(fake_handle *device, char *name, unsigned int length)
{
    REQUIRE_GPU(device, gpu);
    return copy_text(gpu->name, name, length);
}

int nvmlDeviceGetUUID(fake_handle *device, char *uuid, unsigned int length)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    const fake_mig *mig = mig_of(device);
    if (mig != NULL) return copy_text(mig->uuid, uuid, length);
    const fake_gpu *gpu = gpu_of(device);
    if (gpu == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    return copy_text(gpu->uuid, uuid, length);
}

static void fill_pci(const char *bus_id, nvmlPciInfo_t *pci)
{
    memset(pci, 0, sizeof(*pci));
    strncpy(pci->busId, bus_id, sizeof(pci->busId) - 1);
    /* The legacy field holds the 4-digit-domain form; filled so a layout mistake would show as garbage. */
    snprintf(pci->busIdLegacy, sizeof(pci->busIdLegacy), "%s", bus_id + 4);
    sscanf(bus_id, "%x:%x:%x", &pci->domain, &pci->bus, &pci->device);
    pci->pciDeviceId = 0x20B210DE;
    pci->pciSubSystemId = 0x147F10DE;
}

int nvmlDeviceGetPciInfo_v3(fake_handle *device, nvmlPciInfo_t *pci)
{
    REQUIRE_GPU(device, gpu);
    fill_pci(gpu->bus_id, pci);
    return NVML_SUCCESS;
}

int nvmlDeviceGetMemoryInfo(fake_handle *device, nvmlMemory_t *memory)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    const fake_mig *mig = mig_of(device);
    if (mig != NULL) {
        memory->total = mig->memory_mb * 1024ULL * 1024ULL;
        memory->used = 0;
        memory->free = memory->total;
        return NVML_SUCCESS;
    }
    const fake_gpu *gpu = gpu_of(device);
    if (gpu == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    REQUIRE_PRESENT(gpu);
    memory->total = gpu->memory_total;
    memory->used = USED_MEMORY;
    memory->free = gpu->memory_total - USED_MEMORY;
    return NVML_SUCCESS;
}

int nvmlDeviceGetUtilizationRates(fake_handle *device, nvmlUtilization_t *utilization)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (SCENARIO == SCENARIO_NOTSUPPORTED) return NVML_ERROR_NO_PERMISSION;
    utilization->gpu = 42;
    utilization->memory = 10;
    return NVML_SUCCESS;
}

int nvmlDeviceGetTemperature(fake_handle *device, int sensor, unsigned int *celsius)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (SCENARIO == SCENARIO_NOTSUPPORTED) return NVML_ERROR_NOT_SUPPORTED;
    if (sensor != 0) return NVML_ERROR_INVALID_ARGUMENT;
    *celsius = 30 + (unsigned int)(gpu - fake_gpus);
    return NVML_SUCCESS;
}

int nvmlDeviceGetPowerUsage(fake_handle *device, unsigned int *milliwatts)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (SCENARIO == SCENARIO_NOTSUPPORTED) return NVML_ERROR_NOT_SUPPORTED;
    *milliwatts = 65000 + 1000 * (unsigned int)(gpu - fake_gpus);
    return NVML_SUCCESS;
}

int nvmlDeviceGetClockInfo(fake_handle *device, int clock, unsigned int *megahertz)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (SCENARIO == SCENARIO_NOTSUPPORTED) return NVML_ERROR_UNKNOWN;
    if (clock != 1) return NVML_ERROR_INVALID_ARGUMENT;
    *megahertz = gpu->max_sm_clock_mhz - 300;
    return NVML_SUCCESS;
}

int nvmlDeviceGetMaxClockInfo(fake_handle *device, int clock, unsigned int *megahertz)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (clock != 1) return NVML_ERROR_INVALID_ARGUMENT;
    *megahertz = gpu->max_sm_clock_mhz;
    return NVML_SUCCESS;
}

#ifndef FAKE_NO_NUMA_EXPORT
int nvmlDeviceGetNumaNodeId(fake_handle *device, unsigned int *node)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    *node = gpu->numa_node;
    return NVML_SUCCESS;
}
#endif

int nvmlDeviceGetTopologyCommonAncestor(fake_handle *first, fake_handle *second, int *level)
{
    REQUIRE_GPU(first, a);
    const fake_gpu *b = gpu_of(second);
    if (b == NULL) return NVML_ERROR_INVALID_ARGUMENT;
    if (a->lost || b->lost) return NVML_ERROR_GPU_IS_LOST;
    *level = a == b ? 0 : a->bridge == b->bridge ? 10 : 30; /* INTERNAL, SINGLE, HOSTBRIDGE */
    return NVML_SUCCESS;
}

#define FAKE_NVLINKS 12

int nvmlDeviceGetNvLinkState(fake_handle *device, unsigned int link, int *active)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (gpu->nvlink_peer < 0) return NVML_ERROR_NOT_SUPPORTED;
    if (link >= FAKE_NVLINKS) return NVML_ERROR_INVALID_ARGUMENT;
    *active = 1;
    return NVML_SUCCESS;
}

int nvmlDeviceGetNvLinkRemoteDeviceType(fake_handle *device, unsigned int link, int *type)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (gpu->nvlink_peer < 0 || link >= FAKE_NVLINKS) return NVML_ERROR_NOT_SUPPORTED;
    *type = 0; /* NVML_NVLINK_DEVICE_TYPE_GPU */
    return NVML_SUCCESS;
}

int nvmlDeviceGetNvLinkVersion(fake_handle *device, unsigned int link, unsigned int *version)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (gpu->nvlink_peer < 0 || link >= FAKE_NVLINKS) return NVML_ERROR_NOT_SUPPORTED;
    *version = 4; /* NVML_NVLINK_VERSION_3_0, as an A100 reports */
    return NVML_SUCCESS;
}

int nvmlDeviceGetNvLinkRemotePciInfo_v2(fake_handle *device, unsigned int link, nvmlPciInfo_t *pci)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (gpu->nvlink_peer < 0) return NVML_ERROR_NOT_SUPPORTED;
    if (link >= FAKE_NVLINKS) return NVML_ERROR_INVALID_ARGUMENT;
    fill_pci(fake_gpus[gpu->nvlink_peer].bus_id, pci);
    return NVML_SUCCESS;
}

int nvmlDeviceGetMigMode(fake_handle *device, unsigned int *current, unsigned int *pending)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (gpu->mig_mode < 0) return NVML_ERROR_NOT_SUPPORTED;
    *current = (unsigned int)gpu->mig_mode;
    *pending = (unsigned int)gpu->mig_mode;
    return NVML_SUCCESS;
}

int nvmlDeviceGetMaxMigDeviceCount(fake_handle *device, unsigned int *count)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (gpu->mig_mode < 0) return NVML_ERROR_NOT_SUPPORTED;
    *count = 7;
    return NVML_SUCCESS;
}

int nvmlDeviceGetMigDeviceHandleByIndex(fake_handle *device, unsigned int index, fake_handle **mig)
{
    REQUIRE_GPU(device, gpu);
    REQUIRE_PRESENT(gpu);
    if (gpu->mig_mode != 1) return NVML_ERROR_NOT_SUPPORTED;
    if (index >= 7) return NVML_ERROR_INVALID_ARGUMENT;
    for (int i = 0; i < FAKE_MIG_COUNT; i++)
        if (&fake_gpus[fake_migs[i].parent] == gpu && fake_migs[i].slot == index) { *mig = &mig_handles[i]; return NVML_SUCCESS; }
    return NVML_ERROR_NOT_FOUND;
}

int nvmlDeviceGetAttributes_v2(fake_handle *device, nvmlDeviceAttributes_t *attributes)
{
    if (init_count == 0) return NVML_ERROR_UNINITIALIZED;
    const fake_mig *mig = mig_of(device);
    if (mig == NULL) return NVML_ERROR_NOT_SUPPORTED;
    memset(attributes, 0, sizeof(*attributes));
    attributes->multiprocessorCount = mig->multiprocessors;
    attributes->sharedCopyEngineCount = mig->slices;
    attributes->gpuInstanceSliceCount = mig->slices;
    attributes->computeInstanceSliceCount = mig->slices;
    attributes->memorySizeMB = mig->memory_mb;
    return NVML_SUCCESS;
}
