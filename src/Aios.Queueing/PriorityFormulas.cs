namespace Aios.Queueing;

/// <summary>
/// The mean waits of multi-class priority queues, classes ordered highest priority first. Each method fills
/// <c>waits[k]</c> with class k's mean waiting time Wq,k = T_k − E[S_k] (under preemption this includes the
/// time spent interrupted), or +∞ when class k has no steady state (σ_k = Σ_{i≤k} λ_i/(cμ_i) ≥ 1).
/// Arguments are validated by <see cref="MultiClassPriorityQueue"/>.
/// </summary>
internal static class PriorityFormulas
{
    /// <summary>
    /// The preemptive M/M/c formula differences FCFS queue lengths, which loses up to a factor Λ_k/λ_k of precision;
    /// above this factor the cancellation-free divided difference (<see cref="QueueLengthSlope"/>) is used instead.
    /// </summary>
    internal const double DirectDifferenceAmplificationLimit = 8;

    /// <summary>
    /// Non-preemptive M/M/c with one service rate μ for every class (A. Cobham, "Priority assignment in waiting
    /// line problems", Journal of the Operations Research Society of America 2(1), 1954):
    /// Wq,k = [C(c, a)/(cμ)] / ((1 − σ_{k−1})(1 − σ_k)), with a the total offered load Λ/μ and 1 − σ written as
    /// (c − a_k)/c.
    /// </summary>
    /// <remarks>
    /// When the total load reaches c the servers are never idle and every arrival waits, so C = 1 (what
    /// <see cref="ErlangC.Compute"/> returns there); the higher classes that remain stable keep Cobham's form.
    /// </remarks>
    public static void MMcNonPreemptive(ReadOnlySpan<PriorityClass> classes, int servers, Span<double> waits)
    {
        double serviceRate = classes[0].ServiceRate;
        double totalRate = 0;
        foreach (PriorityClass priorityClass in classes)
        {
            totalRate += priorityClass.ArrivalRate;
        }

        double c = servers;
        double waiting = ErlangC.Compute(servers, totalRate / serviceRate);
        double cumulativeRate = 0;
        double previousSlack = c;
        for (int k = 0; k < classes.Length; k++)
        {
            cumulativeRate += classes[k].ArrivalRate;
            double slack = c - cumulativeRate / serviceRate;
            if (!(slack > 0))
            {
                waits[k..].Fill(double.PositiveInfinity);
                return;
            }

            waits[k] = waiting * c / (serviceRate * previousSlack * slack);
            previousSlack = slack;
        }
    }

    /// <summary>
    /// Preemptive-resume M/M/c with one service rate μ for every class (J. P. Buzen and A. B. Bondi, "The response
    /// times of priority classes under preemptive resume in M/M/m queues", Operations Research 31(3), 1983): classes
    /// 1..k never see the lower ones and all share one exponential service rate, so together they behave as an FCFS
    /// M/M/c queue at rate Λ_k = Σ_{i≤k} λ_i. Little's law then gives
    /// T_k = [L(Λ_k) − L(Λ_{k−1})]/λ_k, and since L = Λ/μ + Lq, Wq,k = [Lq(Λ_k) − Lq(Λ_{k−1})]/λ_k.
    /// </summary>
    /// <remarks>
    /// The difference is taken directly while Λ_k/λ_k ≤ <see cref="DirectDifferenceAmplificationLimit"/> (Lq(a)/a
    /// grows with a, so the relative error is at most Λ_k/λ_k times that of Lq); for a class small beside the
    /// ones above it, including λ_k = 0 (the derivative), the slope comes from <see cref="QueueLengthSlope"/>.
    /// </remarks>
    public static void MMcPreemptiveResume(ReadOnlySpan<PriorityClass> classes, int servers, Span<double> waits)
    {
        double serviceRate = classes[0].ServiceRate;
        double previousRate = 0;
        double previousQueue = 0;
        for (int k = 0; k < classes.Length; k++)
        {
            double rate = classes[k].ArrivalRate;
            double cumulativeRate = previousRate + rate;
            var fcfs = new MMcQueue(cumulativeRate, serviceRate, servers);
            if (!fcfs.IsStable)
            {
                waits[k..].Fill(double.PositiveInfinity);
                return;
            }

            QueueMetrics figures = fcfs.Evaluate();
            if (previousRate == 0)
            {
                // Nothing above this class: it is an FCFS M/M/c queue on its own.
                waits[k] = figures.MeanWaitingTime;
            }
            else if (rate > 0 && cumulativeRate <= DirectDifferenceAmplificationLimit * rate)
            {
                waits[k] = (figures.MeanQueueLength - previousQueue) / rate;
            }
            else
            {
                waits[k] = QueueLengthSlope(servers, previousRate / serviceRate, cumulativeRate / serviceRate) / serviceRate;
            }

            previousRate = cumulativeRate;
            previousQueue = figures.MeanQueueLength;
        }
    }

    /// <summary>
    /// Priority M/G/1 (Cobham 1954; L. Kleinrock, Queueing Systems Vol. 2: Computer Applications, Wiley 1976, ch. 3)
    /// on a server <paramref name="speed"/> times as fast as the classes' service rates say (1 for a real single
    /// server; c for the Bondi–Buzen reference system).
    /// </summary>
    /// <remarks>
    /// <para>With E[S_i²] = (1 + SCV_i)/μ_i²: non-preemptive Wq,k = W0/((1 − σ_{k−1})(1 − σ_k)), where W0 = Σ_i λ_i E[S_i²]/2
    /// is the mean residual work in service; preemptive resume T_k = (1/μ_k)/(1 − σ_{k−1}) + R_k/((1 − σ_{k−1})(1 − σ_k)),
    /// R_k = Σ_{i≤k} λ_i E[S_i²]/2, so Wq,k = (1/μ_k)·σ_{k−1}/(1 − σ_{k−1}) + R_k/((1 − σ_{k−1})(1 − σ_k)), a sum of
    /// non-negative terms.</para>
    /// <para>Without preemption W0 counts the work of every class in service. When the lower classes are overloaded the
    /// server never idles: the first class m with σ_m ≥ 1 is served at the capacity the higher ones leave,
    /// (1 − σ_{m−1})μ_m, and the classes below it are never served, so W0 = Σ_{i&lt;m} λ_i E[S_i²]/2 + (1 − σ_{m−1})E[S_m²]μ_m/2
    /// — the residual-work argument behind Cobham's formula, with throughputs in place of arrival rates.</para>
    /// </remarks>
    public static void MG1(ReadOnlySpan<PriorityClass> classes, double speed, PriorityDiscipline discipline, Span<double> waits)
    {
        if (discipline == PriorityDiscipline.NonPreemptive)
        {
            double residual = 0;
            double served = 0;
            foreach (PriorityClass priorityClass in classes)
            {
                double rate = speed * priorityClass.ServiceRate;
                double load = priorityClass.ArrivalRate / rate;
                if (served + load < 1)
                {
                    residual += priorityClass.ArrivalRate * (1 + priorityClass.ServiceScv) / (2 * rate * rate);
                    served += load;
                }
                else
                {
                    residual += (1 - served) * (1 + priorityClass.ServiceScv) / (2 * rate);
                    break;
                }
            }

            double previousLoad = 0;
            for (int k = 0; k < classes.Length; k++)
            {
                double load = previousLoad + classes[k].ArrivalRate / (speed * classes[k].ServiceRate);
                if (!(load < 1))
                {
                    waits[k..].Fill(double.PositiveInfinity);
                    return;
                }

                waits[k] = residual / ((1 - previousLoad) * (1 - load));
                previousLoad = load;
            }
        }
        else
        {
            double residual = 0;
            double previousLoad = 0;
            for (int k = 0; k < classes.Length; k++)
            {
                double rate = speed * classes[k].ServiceRate;
                double load = previousLoad + classes[k].ArrivalRate / rate;
                if (!(load < 1))
                {
                    waits[k..].Fill(double.PositiveInfinity);
                    return;
                }

                residual += classes[k].ArrivalRate * (1 + classes[k].ServiceScv) / (2 * rate * rate);
                double idleShare = 1 - previousLoad;
                waits[k] = previousLoad / (rate * idleShare) + residual / (idleShare * (1 - load));
                previousLoad = load;
            }
        }
    }

    /// <summary>
    /// The Bondi–Buzen approximation for c servers (A. B. Bondi and J. P. Buzen, "The response times of priority
    /// classes under preemptive resume in M/G/m queues", ACM SIGMETRICS 1984): the mean delay of a priority system
    /// with c servers is that of the same system on one server c times as fast, scaled by the factor by which c
    /// servers change the FCFS delay, Wq(c) ≈ Wq(M/G/1 prio, speed c) · Wq^FCFS(c servers) / Wq^FCFS(one server c times as fast).
    /// </summary>
    /// <remarks>
    /// <para><b>The FCFS factor</b> R(a) is taken for a common-μ-equivalent queue: one exponential class with the
    /// arrival-weighted mean service time E[S] = Σ_i (λ_i/Λ)/μ_i, which keeps the offered load a = Σ_i λ_i/μ_i. For M/M/c
    /// against M/M/1 at rate cμ it is R(a) = C(c, a)/ρ with ρ = a/c; the usual M/G/c correction (1 + SCV)/2 (A. M. Lee and
    /// P. A. Longton, Operational Research Quarterly 10, 1959) multiplies both waits, so R is the same for any service-time variability. Once a ≥ c every server is
    /// always busy and c servers act as one fast server: R = 1.</para>
    /// <para><b>Without preemption</b> every class delays every other, so each class's M/G/1 wait is scaled by R at the
    /// total load: Wq,k ≈ R(a)·Wq,k(M/G/1, speed c).</para>
    /// <para><b>Under preemptive resume</b> classes 1..k never see the classes below them and form a priority system of
    /// their own, so the approximation is applied to each such system at its own load a_k = Σ_{i≤k} λ_i/μ_i: the number
    /// of class-1..k jobs waiting or interrupted is N_k ≈ R(a_k)·Σ_{i≤k} λ_i Wq,i(M/G/1, speed c), and class k's wait is
    /// the difference Wq,k = (N_k − N_{k−1})/λ_k, as in Bondi and Buzen's exact M/M/m result. Written as
    /// Wq,k = R(a_k)·Wq,k(M/G/1) + R[a_{k−1}, a_k]/μ_k · Σ_{i&lt;k} λ_i Wq,i(M/G/1), with the divided difference R[x, y] from
    /// <see cref="FcfsWaitRatioSlope"/>, every term is non-negative and nothing cancels, even as λ_k → 0.</para>
    /// <para><b>Accuracy.</b> With equal exponential service rates the approximation reproduces the exact results under
    /// both disciplines (without preemption R(a)·ρ/(cμ) = C(c, a)/(cμ) is Cobham's numerator; under preemption the M/G/1
    /// sums are FCFS M/M/1 queue lengths, which R turns into FCFS M/M/c ones). The highest class is always exact when its
    /// service is exponential, and no class depends on the classes below it. Scaling each class by R at the total load
    /// instead would overstate the highest class's wait by orders of magnitude at light load; scaling it by R(a_k) alone
    /// would understate lower classes (by 9% and 12% for classes 2 and 3 of c = 4, λ = (0.8, 1.2, 1.0), μ = 1).
    /// With unequal rates it is an approximation; the tests compare it with simulation.</para>
    /// </remarks>
    public static void BondiBuzen(ReadOnlySpan<PriorityClass> classes, int servers, PriorityDiscipline discipline, Span<double> waits)
    {
        MG1(classes, servers, discipline, waits);
        if (discipline == PriorityDiscipline.NonPreemptive)
        {
            double load = 0;
            foreach (PriorityClass priorityClass in classes)
            {
                load += priorityClass.ArrivalRate / priorityClass.ServiceRate;
            }

            double ratio = FcfsWaitRatio(servers, load);
            for (int k = 0; k < waits.Length && !double.IsPositiveInfinity(waits[k]); k++)
            {
                waits[k] *= ratio;
            }

            return;
        }

        double previousLoad = 0;
        double higherQueue = 0;
        for (int k = 0; k < waits.Length && !double.IsPositiveInfinity(waits[k]); k++)
        {
            double singleServerWait = waits[k];
            double load = previousLoad + classes[k].ArrivalRate / classes[k].ServiceRate;
            double ratio = FcfsWaitRatioSlope(servers, previousLoad, load, out double ratioSlope);
            waits[k] = ratio * singleServerWait;
            if (higherQueue > 0)
            {
                waits[k] += ratioSlope / classes[k].ServiceRate * higherQueue;
            }

            higherQueue += classes[k].ArrivalRate * singleServerWait;
            previousLoad = load;
        }
    }

    /// <summary>
    /// R(a) = Wq(M/M/c) / Wq(M/M/1 with a server c times as fast) at offered load a: C(c, a)/ρ = c·C(c, a)/a; its limit 0
    /// (c ≥ 2) or 1 (c = 1) at a = 0, and 1 once a ≥ c, where every server is always busy.
    /// </summary>
    internal static double FcfsWaitRatio(int servers, double load)
    {
        if (load >= servers)
        {
            return 1;
        }

        if (load == 0)
        {
            return servers == 1 ? 1 : 0;
        }

        return servers * ErlangC.Compute(servers, load) / load;
    }

    /// <summary>
    /// R(y) and the divided difference R[x, y] = (R(y) − R(x))/(y − x) of the FCFS wait ratio R(a) = C(c, a)/ρ, for
    /// 0 ≤ x ≤ y &lt; c (the derivative when x = y), without subtracting nearly equal numbers.
    /// </summary>
    /// <remarks>
    /// From the identity C(c, a) = a·B'/(c − a + a·B') with B' = B(c − 1, a), R = B'/(B' + (1 − ρ)(1 − B')), i.e.
    /// 1/R = 1 + (1 − ρ)(1/B' − 1): a product of two non-negative decreasing functions, whose divided difference by the
    /// product rule is a sum of terms of one sign. With B'[x, y] from <see cref="BlockingSlope"/> this gives
    /// R[x, y] = [B'(x)(1 − B'(y))/c + (1 − ρ(x))·B'[x, y]] / (d(x)·d(y)), d = B' + (1 − ρ)(1 − B'). Cost O(c).
    /// </remarks>
    internal static double FcfsWaitRatioSlope(int servers, double low, double high, out double slope)
    {
        double c = servers;
        double blockingSlope = BlockingSlope(servers - 1, low, high, out double blockingLow, out double blockingHigh);
        double idleLow = 1 - low / c;
        double idleHigh = 1 - high / c;
        double denominatorLow = blockingLow + idleLow * (1 - blockingLow);
        double denominatorHigh = blockingHigh + idleHigh * (1 - blockingHigh);
        slope = (blockingLow * (1 - blockingHigh) / c + idleLow * blockingSlope) / (denominatorLow * denominatorHigh);
        return blockingHigh / denominatorHigh;
    }

    /// <summary>
    /// The divided difference Lq[x, y] = (Lq(y) − Lq(x))/(y − x) of the FCFS M/M/c mean queue length as a function of
    /// the offered load, for 0 ≤ x ≤ y &lt; c (the derivative when x = y), without subtracting nearly equal numbers.
    /// </summary>
    /// <remarks>
    /// With B = B(c, a) and u = a·B, Lq = C·a/(c − a) = (c/s)·u/(s + u), s = c − a. By the product rule,
    /// Lq[x, y] = c/(s(x)s(y)) · u(y)/(s(y) + u(y)) + c/s(x) · (u(x) + s(x)·u[x, y])/((s(x) + u(x))(s(y) + u(y))),
    /// with u[x, y] = B(y) + x·B[x, y] and B[x, y] from <see cref="BlockingSlope"/>: every term is non-negative, so
    /// the result is accurate to a few units in the last place however close x and y are. Cost O(c).
    /// </remarks>
    internal static double QueueLengthSlope(int servers, double low, double high)
    {
        double blockingSlope = BlockingSlope(servers, low, high, out double blockingLow, out double blockingHigh);
        double c = servers;
        double lostLow = low * blockingLow;
        double lostHigh = high * blockingHigh;
        double lostSlope = blockingHigh + low * blockingSlope;
        double slackLow = c - low;
        double slackHigh = c - high;
        double fractionHigh = lostHigh / (slackHigh + lostHigh);
        double fractionSlope = (lostLow + slackLow * lostSlope) / ((slackLow + lostLow) * (slackHigh + lostHigh));
        return c / (slackLow * slackHigh) * fractionHigh + c / slackLow * fractionSlope;
    }

    /// <summary>
    /// The Erlang B values B(n, x), B(n, y) and their divided difference B[x, y] in the offered load (the derivative when
    /// x = y), for 0 ≤ x ≤ y.
    /// </summary>
    /// <remarks>
    /// Divided differences obey a product rule, (fg)[x, y] = f[x, y]·g(y) + f(x)·g[x, y], and a quotient rule, so they can
    /// be carried through the Erlang B recursion B(m) = u/(m + u), with u = a·B(m − 1) the traffic that overflows m − 1
    /// servers: u[x, y] = B(m − 1)(y) + x·B(m − 1)[x, y] and B(m)[x, y] = m·u[x, y]/((m + u(x))(m + u(y))). Every term is
    /// non-negative. Cost O(n).
    /// </remarks>
    internal static double BlockingSlope(int servers, double low, double high, out double blockingLow, out double blockingHigh)
    {
        blockingLow = 1;
        blockingHigh = 1;
        double slope = 0;
        for (int m = 1; m <= servers; m++)
        {
            double overflowLow = low * blockingLow;
            double overflowHigh = high * blockingHigh;
            double overflowSlope = blockingHigh + low * slope;
            slope = m * overflowSlope / ((m + overflowLow) * (m + overflowHigh));
            blockingLow = overflowLow / (m + overflowLow);
            blockingHigh = overflowHigh / (m + overflowHigh);
        }

        return slope;
    }
}
