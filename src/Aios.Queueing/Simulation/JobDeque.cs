namespace Aios.Queueing.Simulation;

/// <summary>
/// A growable ring buffer of jobs with O(1) insertion at both ends: arrivals join the back, preempted jobs
/// return to the front. It allocates only when it grows.
/// </summary>
internal sealed class JobDeque
{
    private SimulationJob[] _items = new SimulationJob[16];
    private int _head;

    public int Count { get; private set; }

    public void AddLast(in SimulationJob job)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _items[(_head + Count) & (_items.Length - 1)] = job;
        Count++;
    }

    public void AddFirst(in SimulationJob job)
    {
        if (Count == _items.Length)
        {
            Grow();
        }

        _head = (_head - 1) & (_items.Length - 1);
        _items[_head] = job;
        Count++;
    }

    public SimulationJob RemoveFirst()
    {
        SimulationJob job = _items[_head];
        _head = (_head + 1) & (_items.Length - 1);
        Count--;
        return job;
    }

    private void Grow()
    {
        // The length stays a power of two, so positions wrap with a mask.
        var larger = new SimulationJob[_items.Length * 2];
        int firstPart = Math.Min(Count, _items.Length - _head);
        Array.Copy(_items, _head, larger, 0, firstPart);
        Array.Copy(_items, 0, larger, firstPart, Count - firstPart);
        _items = larger;
        _head = 0;
    }
}
