namespace Aios.Scheduling.Simulation;

/// <summary>
/// Integrates a level over time (GPUs held, jobs waiting) into fixed-width intervals; when the intervals would exceed
/// their bound, adjacent pairs merge and the width doubles, so memory stays bounded however long the run.
/// </summary>
internal sealed class UtilizationRecorder(double width, int maxSamples)
{
    private readonly List<double> _integrals = [];
    private double _origin = double.NaN;
    private double _width = width;

    public double Total { get; private set; }

    public void Start(double origin) => _origin = origin;

    public void Add(double from, double to, double level)
    {
        if (level <= 0 || !(to > from) || double.IsNaN(_origin))
        {
            return;
        }

        Total += level * (to - from);
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

            while (_integrals.Count <= bucket)
            {
                _integrals.Add(0);
            }

            double segmentEnd = Math.Min(to, end);
            _integrals[bucket] += level * (segmentEnd - from);
            from = segmentEnd;
        }
    }

    /// <summary>The intervals up to <paramref name="end"/>, each as <paramref name="create"/>(start, length, integral of the level).</summary>
    public T[] Samples<T>(double end, Func<double, double, double, T> create)
    {
        if (double.IsNaN(_origin) || !(end > _origin))
        {
            return [];
        }

        // A level that stopped changing early (no job waits after a while) merged less: widen to cover the whole run.
        while ((end - _origin) / _width > maxSamples)
        {
            Merge();
        }

        int count = Math.Min(maxSamples, (int)Math.Ceiling((end - _origin) / _width));
        var samples = new T[count];
        for (int i = 0; i < count; i++)
        {
            double start = _origin + (i * _width);
            double length = Math.Min(_width, end - start);
            samples[i] = create(start, length, i < _integrals.Count ? _integrals[i] : 0);
        }

        return samples;
    }

    private void Merge()
    {
        int merged = (_integrals.Count + 1) / 2;
        for (int i = 0; i < merged; i++)
        {
            double left = _integrals[2 * i];
            double right = (2 * i) + 1 < _integrals.Count ? _integrals[(2 * i) + 1] : 0;
            _integrals[i] = left + right;
        }

        _integrals.RemoveRange(merged, _integrals.Count - merged);
        _width *= 2;
    }
}
