/*
 * A fake libcuda.so.1 for the Aios.Hardware.Cuda tests: the CUDA driver API entry points the adapter calls
 * (cuda.h signatures), answering from fake_gpus.h. Devices come in the REVERSE of NVML's order, and in MIG mode
 * CUDA lists the MIG instances rather than the GPU, so only a join by UUID gives the right answers.
 */
#include <stdio.h>
#include <string.h>
#include "fake_gpus.h"

#define CUDA_SUCCESS 0
#define CUDA_ERROR_INVALID_VALUE 1
#define CUDA_ERROR_NOT_INITIALIZED 3
#define CUDA_ERROR_NO_DEVICE 100
#define CUDA_ERROR_INVALID_DEVICE 101

typedef struct { char bytes[16]; } CUuuid;

static int initialized;

#define CUDA_DEVICE_COUNT (FAKE_MIG_COUNT > 0 ? FAKE_MIG_COUNT : FAKE_GPU_COUNT)

int cuInit(unsigned int flags)
{
    if (flags != 0) return CUDA_ERROR_INVALID_VALUE;
    if (SCENARIO == SCENARIO_DRIVER_NOT_LOADED) return CUDA_ERROR_NO_DEVICE;
    initialized = 1;
    return CUDA_SUCCESS;
}

int cuDeviceGetCount(int *count)
{
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    *count = CUDA_DEVICE_COUNT;
    return CUDA_SUCCESS;
}

int cuDeviceGet(int *device, int ordinal)
{
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (ordinal < 0 || ordinal >= CUDA_DEVICE_COUNT) return CUDA_ERROR_INVALID_DEVICE;
    *device = ordinal;
    return CUDA_SUCCESS;
}

/* The NVML text "GPU-6b2f1a10-0c3e-..." as CUDA's 16 raw bytes. */
static void parse_uuid(const char *text, CUuuid *uuid)
{
    const char *hex = text + 4;
    int n = 0;
    while (*hex != '\0' && n < 16) {
        if (*hex == '-') { hex++; continue; }
        unsigned int value;
        sscanf(hex, "%2x", &value);
        uuid->bytes[n++] = (char)value;
        hex += 2;
    }
}

static const char *uuid_of(int device)
{
    int reversed = CUDA_DEVICE_COUNT - 1 - device;
    return FAKE_MIG_COUNT > 0 ? fake_migs[reversed].uuid : fake_gpus[reversed].uuid;
}

int cuDeviceGetUuid_v2(CUuuid *uuid, int device)
{
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (device < 0 || device >= CUDA_DEVICE_COUNT) return CUDA_ERROR_INVALID_DEVICE;
    parse_uuid(uuid_of(device), uuid);
    return CUDA_SUCCESS;
}

int cuDeviceGetUuid(CUuuid *uuid, int device) { return cuDeviceGetUuid_v2(uuid, device); }

int cuDeviceGetAttribute(int *value, int attribute, int device)
{
    if (!initialized) return CUDA_ERROR_NOT_INITIALIZED;
    if (device < 0 || device >= CUDA_DEVICE_COUNT) return CUDA_ERROR_INVALID_DEVICE;
    int reversed = CUDA_DEVICE_COUNT - 1 - device;
    const fake_gpu *gpu = FAKE_MIG_COUNT > 0 ? &fake_gpus[fake_migs[reversed].parent] : &fake_gpus[reversed];
    switch (attribute) {
    case 16: *value = FAKE_MIG_COUNT > 0 ? (int)fake_migs[reversed].multiprocessors : gpu->multiprocessors; return CUDA_SUCCESS;
    case 75: *value = gpu->compute_major; return CUDA_SUCCESS;
    case 76: *value = gpu->compute_minor; return CUDA_SUCCESS;
    default: return CUDA_ERROR_INVALID_VALUE;
    }
}
