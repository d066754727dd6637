using Aios.Queueing.Simulation;
using FsCheck.Xunit;

namespace Aios.Queueing.Tests.Simulation;

public sealed class JobDequeTests
{
    [Property(MaxTest = 3000)]
    public bool Operations_AnySequence_MatchLinkedList(byte[] operations)
    {
        var deque = new JobDeque();
        var model = new LinkedList<double>();
        for (int i = 0; i < operations.Length; i++)
        {
            // Two adds per removal on average, so the buffer wraps and grows past its initial 16 slots.
            switch (operations[i] % 3)
            {
                case 0:
                    deque.AddLast(new SimulationJob { ArrivalTime = i });
                    model.AddLast(i);
                    break;
                case 1:
                    deque.AddFirst(new SimulationJob { ArrivalTime = i });
                    model.AddFirst(i);
                    break;
                default:
                    if (model.Count > 0)
                    {
                        double expected = model.First!.Value;
                        model.RemoveFirst();
                        if (deque.RemoveFirst().ArrivalTime != expected)
                        {
                            return false;
                        }
                    }

                    break;
            }

            if (deque.Count != model.Count)
            {
                return false;
            }
        }

        while (model.Count > 0)
        {
            double expected = model.First!.Value;
            model.RemoveFirst();
            if (deque.RemoveFirst().ArrivalTime != expected)
            {
                return false;
            }
        }

        return deque.Count == 0;
    }
}
