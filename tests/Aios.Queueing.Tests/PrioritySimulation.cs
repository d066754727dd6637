namespace Aios.Queueing.Tests;

/// <summary>
/// A seeded simulation of a c-server priority queue with Poisson arrivals and exponential service, run as the
/// continuous-time Markov chain of the number of jobs of each class waiting and in service. Each holding time is
/// replaced by its expectation 1/(total rate), which leaves the time averages unbiased and cuts their variance.
/// Means come from the time-average numbers in system and Little's law.
/// </summary>
internal static class PrioritySimulation
{
    /// <summary>Each class's mean waiting time (time in system less the mean service time 1/μ).</summary>
    public static double[] MeanWaits(IReadOnlyList<PriorityClass> classes, int servers, bool preemptive, int events, int seed)
    {
        int count = classes.Count;
        double[] arrivalRate = classes.Select(x => x.ArrivalRate).ToArray();
        double[] serviceRate = classes.Select(x => x.ServiceRate).ToArray();
        var waiting = new long[count];
        var serving = new long[count];
        var area = new double[count];
        double elapsed = 0;
        long busy = 0;
        double totalArrivalRate = arrivalRate.Sum();
        double completionRate = 0;
        ulong state = (ulong)seed;
        int warmUp = events / 20;
        for (int step = 0; step < events; step++)
        {
            double rate = totalArrivalRate + completionRate;
            if (step >= warmUp)
            {
                double holding = 1 / rate;
                for (int k = 0; k < count; k++)
                {
                    area[k] += (waiting[k] + serving[k]) * holding;
                }

                elapsed += holding;
            }

            double pick = NextUniform(ref state) * rate;
            if (pick < totalArrivalRate)
            {
                int k = 0;
                while (k < count - 1 && pick >= arrivalRate[k])
                {
                    pick -= arrivalRate[k];
                    k++;
                }

                if (busy < servers)
                {
                    serving[k]++;
                    busy++;
                    completionRate += serviceRate[k];
                    continue;
                }

                int preempted = -1;
                for (int lower = count - 1; preemptive && lower > k && preempted < 0; lower--)
                {
                    if (serving[lower] > 0)
                    {
                        preempted = lower;
                    }
                }

                if (preempted < 0)
                {
                    waiting[k]++;
                    continue;
                }

                serving[preempted]--;
                waiting[preempted]++;
                serving[k]++;
                completionRate += serviceRate[k] - serviceRate[preempted];
                continue;
            }

            pick -= totalArrivalRate;
            int done = 0;
            while (done < count - 1 && (serving[done] == 0 || pick >= serving[done] * serviceRate[done]))
            {
                pick -= serving[done] * serviceRate[done];
                done++;
            }

            if (serving[done] == 0)
            {
                continue;
            }

            serving[done]--;
            busy--;
            completionRate -= serviceRate[done];
            for (int k = 0; k < count; k++)
            {
                if (waiting[k] > 0)
                {
                    waiting[k]--;
                    serving[k]++;
                    busy++;
                    completionRate += serviceRate[k];
                    break;
                }
            }
        }

        var waits = new double[count];
        for (int k = 0; k < count; k++)
        {
            waits[k] = area[k] / elapsed / arrivalRate[k] - 1 / serviceRate[k];
        }

        return waits;
    }

    /// <summary>
    /// A uniform draw in [0, 1) from SplitMix64 (Steele, Lea and Flood, OOPSLA 2014). System.Random with a seed runs
    /// the legacy subtractive generator, whose correlations biased the lowest class of these runs by about 2%.
    /// </summary>
    private static double NextUniform(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        ulong z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / 9007199254740992.0);
    }
}
