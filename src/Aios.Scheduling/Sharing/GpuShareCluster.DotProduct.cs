namespace Aios.Scheduling.Sharing;

/// <summary>
/// The dot-product strategy's index. Its score, Σ_r w_r · free_r with w_r = request_r / capacity_r², is linear in a
/// node's free GPU milli, CPU and memory with non-negative weights, so nodes are kept in cells by node shape (GPUs, CPU,
/// memory capacity) and by their free GPUs (whole GPUs), CPU and memory (fifths of capacity). A query bounds each
/// occupied cell's best score from its upper corner, visits the cells best bound first, and stops when the next bound
/// cannot beat the best node found (branch and bound), so it is exact and looks at few nodes.
/// </summary>
public sealed partial class GpuShareCluster
{
    private const int HostLevels = 5;

    private readonly double[] _nodeFreeMilli;
    private readonly int[] _shapeOf;
    private readonly GpuShareNode[] _shapes;
    private readonly int _cellsPerShape;
    private readonly BucketIndex _nodesByCell;
    private readonly BucketIndex _occupiedCells;
    private readonly double[] _cellBounds;
    private readonly int[] _cellOrder;

    private static (int[] ShapeOf, GpuShareNode[] Shapes, int CellsPerShape) Shapes(GpuShareNode[] nodes, int maxGpus)
    {
        var index = new Dictionary<(int, long, long), int>();
        var shapes = new List<GpuShareNode>();
        int[] shapeOf = new int[nodes.Length];
        for (int n = 0; n < nodes.Length; n++)
        {
            var key = (nodes[n].Gpus, nodes[n].CpuMilli, nodes[n].MemoryBytes);
            if (!index.TryGetValue(key, out int shape))
            {
                shape = shapes.Count;
                index.Add(key, shape);
                shapes.Add(nodes[n]);
            }

            shapeOf[n] = shape;
        }

        return (shapeOf, [.. shapes], (maxGpus + 1) * (HostLevels + 1) * (HostLevels + 1));
    }

    private static int Level(long free, long capacity) => capacity <= 0 ? 0 : (int)Math.Min(HostLevels, free * HostLevels / capacity);

    private void MoveToCell(int node)
    {
        GpuShareNode spec = _nodes[node];
        int gpuLevel = (int)Math.Min(spec.Gpus, Math.Floor(_nodeFreeMilli[node] / Milli));
        int cell = (_shapeOf[node] * _cellsPerShape)
            + (gpuLevel * (HostLevels + 1) * (HostLevels + 1))
            + (Level(_cpuFree[node], spec.CpuMilli) * (HostLevels + 1))
            + Level(_memoryFree[node], spec.MemoryBytes);
        int old = _nodesByCell.BucketOf(node);
        if (old == cell)
        {
            return;
        }

        _nodesByCell.Move(node, cell);
        if (old >= 0 && _nodesByCell.Count(old) == 0)
        {
            _occupiedCells.Move(old, -1);
        }

        if (_nodesByCell.Count(cell) == 1)
        {
            _occupiedCells.Move(cell, 0);
        }
    }

    private double DotProductScore(int node, GpuShareRequest request, double demandGpu)
    {
        GpuShareNode spec = _nodes[node];
        double score = 0;
        if (spec.Gpus > 0)
        {
            double capacity = spec.Gpus * (double)Milli;
            score += demandGpu / capacity * (_nodeFreeMilli[node] / capacity);
        }

        if (spec.CpuMilli > 0)
        {
            score += request.CpuMilli / (double)spec.CpuMilli * (_cpuFree[node] / (double)spec.CpuMilli);
        }

        if (spec.MemoryBytes > 0)
        {
            score += request.MemoryBytes / (double)spec.MemoryBytes * (_memoryFree[node] / (double)spec.MemoryBytes);
        }

        return score;
    }

    private Choice ChooseDotProduct(GpuShareRequest request)
    {
        double demandGpu = request.Kind == GpuShareKind.Mig
            ? Milli * MigComputeOf(request) / (double)ComputeSlicesPerGpu
            : request.TotalGpuMilli;
        int occupied = _occupiedCells.Count(0);
        int candidates = 0;
        for (int i = 0; i < occupied; i++)
        {
            int cell = _occupiedCells.Item(0, i);
            GpuShareNode shape = _shapes[cell / _cellsPerShape];
            int rest = cell % _cellsPerShape;
            int gpuLevel = rest / ((HostLevels + 1) * (HostLevels + 1));
            int cpuLevel = rest / (HostLevels + 1) % (HostLevels + 1);
            int memoryLevel = rest % (HostLevels + 1);
            double gpuUpper = Math.Min(shape.Gpus, gpuLevel + 1) * (double)Milli;
            double cpuUpper = Math.Min(shape.CpuMilli, (cpuLevel + 1) * (double)shape.CpuMilli / HostLevels);
            double memoryUpper = Math.Min(shape.MemoryBytes, (memoryLevel + 1) * (double)shape.MemoryBytes / HostLevels);
            if (gpuUpper < request.TotalGpuMilli || cpuUpper < request.CpuMilli || memoryUpper < request.MemoryBytes
                || (request.Kind != GpuShareKind.None && shape.Gpus == 0))
            {
                continue;
            }

            double bound = 0;
            if (shape.Gpus > 0)
            {
                double capacity = shape.Gpus * (double)Milli;
                bound += demandGpu / capacity * (gpuUpper / capacity);
            }

            if (shape.CpuMilli > 0)
            {
                bound += request.CpuMilli / (double)shape.CpuMilli * (cpuUpper / shape.CpuMilli);
            }

            if (shape.MemoryBytes > 0)
            {
                bound += request.MemoryBytes / (double)shape.MemoryBytes * (memoryUpper / shape.MemoryBytes);
            }

            _cellBounds[candidates] = -bound;
            _cellOrder[candidates] = cell;
            candidates++;
        }

        Array.Sort(_cellBounds, _cellOrder, 0, candidates);
        int best = -1;
        double bestScore = double.NegativeInfinity;
        for (int i = 0; i < candidates; i++)
        {
            double bound = -_cellBounds[i];
            if (best >= 0 && bound <= bestScore)
            {
                break;
            }

            int cell = _cellOrder[i];
            int count = _nodesByCell.Count(cell);
            for (int j = 0; j < count; j++)
            {
                int n = _nodesByCell.Item(cell, j);
                if (!Fits(n, request))
                {
                    continue;
                }

                double score = DotProductScore(n, request, demandGpu);
                if (score > bestScore)
                {
                    bestScore = score;
                    best = n;
                    if (score >= bound)
                    {
                        break;
                    }
                }
            }
        }

        return best < 0 ? Choice.None : TightestOnNode(request, best);
    }
}
