namespace Aios.Scheduling.Simulation;

/// <summary>
/// Integrates GPUs held over time into fixed-width intervals; when the intervals would exceed their bound, adjacent
/// pairs merge and the width doubles, so memory stays bounded however long the run.
/// </summary>
internal sealed class UtilizationRecorder(long capacityGpus, double width, int maxSamples)
{
    private readonly List<double> _gpuSeconds = [];
    private double _origin = double.NaN;
    private double _width = width;

    public double TotalGpuSeconds { get; private set; }

    public void Start(double origin) => _origin = origin;

    public void Add(double from, double to, long held)
    {
        if (held <= 0 || !(to > from) || double.IsNaN(_origin))
        {
            return;
        }

        TotalGpuSeconds += held * (to - from);
        while (from < to)
        {
            int bucket = (int)Math.Floor((from - _origin) / _width);
            double end = _origin + ((bucket + 1) * _width);
            if (end <= from)
            {
                bucket++;
                end = _origin + ((bucket + 1) * _width);
            }

            while (bucket >= maxSamples)
            {
                Merge();
                bucket /= 2;
                end = _origin + ((bucket + 1) * _width);
            }

            while (_gpuSeconds.Count <= bucket)
            {
                _gpuSeconds.Add(0);
            }

            double segmentEnd = Math.Min(to, end);
            _gpuSeconds[bucket] += held * (segmentEnd - from);
            from = segmentEnd;
        }
    }

    public UtilizationSample[] Samples(double end)
    {
        if (double.IsNaN(_origin) || capacityGpus <= 0 || !(end > _origin))
        {
            return [];
        }

        int count = Math.Min(maxSamples, (int)Math.Ceiling((end - _origin) / _width));
        var samples = new UtilizationSample[count];
        for (int i = 0; i < count; i++)
        {
            double start = _origin + (i * _width);
            double length = Math.Min(_width, end - start);
            double used = i < _gpuSeconds.Count ? _gpuSeconds[i] : 0;
            samples[i] = new UtilizationSample(start, length, length > 0 ? Math.Clamp(used / (capacityGpus * length), 0, 1) : 0);
        }

        return samples;
    }

    private void Merge()
    {
        int merged = (_gpuSeconds.Count + 1) / 2;
        for (int i = 0; i < merged; i++)
        {
            double left = _gpuSeconds[2 * i];
            double right = (2 * i) + 1 < _gpuSeconds.Count ? _gpuSeconds[(2 * i) + 1] : 0;
            _gpuSeconds[i] = left + right;
        }

        _gpuSeconds.RemoveRange(merged, _gpuSeconds.Count - merged);
        _width *= 2;
    }
}
