namespace Aios.Scheduling.Sharing;

/// <summary>Items 0…n−1 kept in numbered buckets with O(1) insert, remove and move (a bucket is an array with swap-remove).</summary>
internal sealed class BucketIndex
{
    private readonly int[] _bucketOf;
    private readonly int[] _position;
    private readonly int[][] _items;
    private readonly int[] _counts;

    public BucketIndex(int items, int buckets)
    {
        _bucketOf = new int[items];
        Array.Fill(_bucketOf, -1);
        _position = new int[items];
        _items = new int[buckets][];
        for (int i = 0; i < buckets; i++)
        {
            _items[i] = new int[4];
        }

        _counts = new int[buckets];
    }

    public int BucketCount => _counts.Length;

    public int Count(int bucket) => _counts[bucket];

    public int Item(int bucket, int index) => _items[bucket][index];

    public int BucketOf(int item) => _bucketOf[item];

    /// <summary>Puts the item in the bucket (-1: in none).</summary>
    public void Move(int item, int bucket)
    {
        int old = _bucketOf[item];
        if (old == bucket)
        {
            return;
        }

        if (old >= 0)
        {
            int[] items = _items[old];
            int last = --_counts[old];
            int moved = items[last];
            items[_position[item]] = moved;
            _position[moved] = _position[item];
        }

        _bucketOf[item] = bucket;
        if (bucket >= 0)
        {
            int count = _counts[bucket];
            if (count == _items[bucket].Length)
            {
                Array.Resize(ref _items[bucket], count * 2);
            }

            _items[bucket][count] = item;
            _position[item] = count;
            _counts[bucket] = count + 1;
        }
    }
}
