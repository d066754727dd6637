using Aios.Queueing;

namespace Aios.Cli.Queueing;

/// <summary>
/// Evaluates one <see cref="QueueingRequest"/> with the Aios.Queueing models. Invalid requests give a result with
/// <see cref="QueueingResult.Error"/> set (and the id echoed), never an exception, so that a batch goes on.
/// </summary>
/// <remarks>
/// A figure that is not a finite number (an infinite utilization when the arrival rate dwarfs a tiny service rate, an
/// overflowed mean) is left out of the result (null), like a figure the model does not define; JSON has no infinity.
/// </remarks>
internal static class QueueingEvaluator
{
    public const string ModelNames = "mm1, mmc, mmck, mminf, mg1, md1, ggc, erlang-b, priority";

    public static QueueingResult Evaluate(QueueingRequest request)
    {
        try
        {
            return EvaluateOrThrow(request) with { Id = request.Id };
        }
        catch (ArgumentException exception)
        {
            return new QueueingResult { Id = request.Id, Error = Describe(exception) };
        }
        catch (InvalidOperationException exception)
        {
            return new QueueingResult { Id = request.Id, Error = exception.Message };
        }
        catch (ArithmeticException exception)
        {
            return new QueueingResult { Id = request.Id, Error = $"the model's figures overflow: the inputs are too extreme to evaluate ({exception.Message})" };
        }
    }

    /// <summary>The first line of an argument exception, without the framework's "(Parameter 'x')" suffix.</summary>
    public static string Describe(ArgumentException exception) => CliConsole.Describe(exception);

    private static QueueingResult EvaluateOrThrow(QueueingRequest request)
    {
        string model = request.Model ?? throw Invalid("model is required (one of " + ModelNames + ")");
        if (request.Solve is not null && !(request.Solve == "servers" && model is "mmc" or "erlang-b"))
        {
            throw Invalid($"solve must be \"servers\", for model mmc or erlang-b (got solve \"{request.Solve}\" for model {model})");
        }

        return model switch
        {
            "mm1" => FromMetrics(new MM1Queue(Required(request.ArrivalRate, "arrivalRate"), Required(request.ServiceRate, "serviceRate")).Evaluate(), 1)
                with { ServiceLevel = ServiceLevel(new MMcQueue(request.ArrivalRate!.Value, request.ServiceRate!.Value, 1), request.WaitTarget) },
            "mmc" => request.Solve is null ? EvaluateMMc(request) : SolveMMc(request),
            "mmck" => FromMetrics(
                new MMcKQueue(Required(request.ArrivalRate, "arrivalRate"), Required(request.ServiceRate, "serviceRate"), Integer(request.Servers, "servers"), Integer(request.Capacity, "capacity")).Evaluate(),
                Integer(request.Servers, "servers")),
            "mminf" => FromMetrics(new MMInfiniteQueue(Required(request.ArrivalRate, "arrivalRate"), Required(request.ServiceRate, "serviceRate")).Evaluate(), null),
            "mg1" => FromMetrics(new MG1Queue(Required(request.ArrivalRate, "arrivalRate"), Required(request.ServiceRate, "serviceRate"), request.ServiceScv ?? 1).Evaluate(), 1),
            "md1" => FromMetrics(new MD1Queue(Required(request.ArrivalRate, "arrivalRate"), Required(request.ServiceRate, "serviceRate")).Evaluate(), 1),
            "ggc" => FromMetrics(
                new GGcQueue(Required(request.ArrivalRate, "arrivalRate"), Required(request.ServiceRate, "serviceRate"), Integer(request.Servers ?? 1, "servers"), request.ArrivalScv ?? 1, request.ServiceScv ?? 1).Evaluate(),
                Integer(request.Servers ?? 1, "servers")),
            "erlang-b" => request.Solve is null ? EvaluateErlangB(request) : SolveErlangB(request),
            "priority" => EvaluatePriority(request),
            _ => throw Invalid($"unknown model \"{model}\"; expected one of {ModelNames}"),
        };
    }

    private static QueueingResult EvaluateMMc(QueueingRequest request)
    {
        int servers = Integer(request.Servers, "servers");
        var queue = new MMcQueue(Required(request.ArrivalRate, "arrivalRate"), Required(request.ServiceRate, "serviceRate"), servers);
        return FromMetrics(queue.Evaluate(), servers) with { ServiceLevel = ServiceLevel(queue, request.WaitTarget) };
    }

    private static QueueingResult SolveMMc(QueueingRequest request)
    {
        double arrivalRate = Required(request.ArrivalRate, "arrivalRate");
        double serviceRate = Required(request.ServiceRate, "serviceRate");
        int servers;
        if (request.ServiceLevelTarget is { } level)
        {
            servers = Staffing.ServersForServiceLevel(arrivalRate, serviceRate, Required(request.WaitTarget, "waitTarget"), level);
        }
        else if (request.MeanWaitTarget is { } meanWait)
        {
            servers = Staffing.ServersForMeanWait(arrivalRate, serviceRate, meanWait);
        }
        else
        {
            throw Invalid("solve \"servers\" for mmc needs serviceLevelTarget with waitTarget, or meanWaitTarget");
        }

        var queue = new MMcQueue(arrivalRate, serviceRate, servers);
        return FromMetrics(queue.Evaluate(), servers) with { ServiceLevel = ServiceLevel(queue, request.WaitTarget) };
    }

    private static QueueingResult EvaluateErlangB(QueueingRequest request)
    {
        int servers = Integer(request.Servers, "servers");
        return ErlangBResult(Load(request), servers);
    }

    private static QueueingResult SolveErlangB(QueueingRequest request)
    {
        double load = Load(request);
        int servers;
        try
        {
            servers = Staffing.ServersForBlocking(load, Required(request.BlockingTarget, "blockingTarget"));
        }
        catch (ArgumentOutOfRangeException exception) when (exception.ParamName == "offeredLoad")
        {
            throw Invalid($"arrivalRate / serviceRate (the offered load, {load} Erlangs) is too large: no server count below {int.MaxValue} meets the blocking target");
        }

        return ErlangBResult(load, servers);
    }

    /// <summary>An M/M/c/c loss system: nobody waits; the carried load a(1 − B) spreads over c servers.</summary>
    private static QueueingResult ErlangBResult(double load, int servers)
    {
        double blocking = ErlangB.BlockingProbability(servers, load);
        return new QueueingResult
        {
            Stable = true,
            BlockingProbability = Finite(blocking),
            Utilization = servers == 0 ? null : Finite(load * (1 - blocking) / servers),
            Servers = servers,
        };
    }

    private static QueueingResult EvaluatePriority(QueueingRequest request)
    {
        IReadOnlyList<QueueingClassRequest> classes = request.Classes is { Count: > 0 } list
            ? list
            : throw Invalid("classes is required for model priority: an array of {arrivalRate, serviceRate}, highest priority first");
        var priorityClasses = new PriorityClass[classes.Count];
        for (int i = 0; i < classes.Count; i++)
        {
            if (classes[i] is null)
            {
                throw Invalid($"classes[{i}] must be an object {{arrivalRate, serviceRate[, serviceScv]}} (got null)");
            }

            priorityClasses[i] = new PriorityClass(
                Required(classes[i].ArrivalRate, $"classes[{i}].arrivalRate"),
                Required(classes[i].ServiceRate, $"classes[{i}].serviceRate"),
                classes[i].ServiceScv ?? 1);
        }

        int servers = Integer(request.Servers ?? 1, "servers");
        var discipline = request.Preemptive == true ? PriorityDiscipline.PreemptiveResume : PriorityDiscipline.NonPreemptive;
        PriorityQueueMetrics metrics = new MultiClassPriorityQueue(priorityClasses, servers, discipline).Evaluate();
        var results = new QueueingClassResult[metrics.Classes.Count];
        for (int i = 0; i < results.Length; i++)
        {
            PriorityClassMetrics figures = metrics.Classes[i];
            results[i] = figures.IsStable
                ? new QueueingClassResult(Finite(figures.MeanWaitingTime), Finite(figures.MeanResponseTime))
                : new QueueingClassResult(null, null);
        }

        return new QueueingResult { Stable = metrics.IsStable, Utilization = Finite(metrics.Utilization), Servers = servers, Classes = results };
    }

    private static QueueingResult FromMetrics(QueueMetrics metrics, int? servers)
    {
        if (!metrics.IsStable)
        {
            return new QueueingResult { Stable = false, Utilization = Finite(metrics.Utilization), Servers = servers };
        }

        return new QueueingResult
        {
            Stable = true,
            Utilization = Finite(metrics.Utilization),
            ProbabilityOfWaiting = Finite(metrics.ProbabilityOfWaiting),
            BlockingProbability = Finite(metrics.BlockingProbability),
            MeanWaitingTime = Finite(metrics.MeanWaitingTime),
            MeanResponseTime = Finite(metrics.MeanResponseTime),
            MeanQueueLength = Finite(metrics.MeanQueueLength),
            MeanNumberInSystem = Finite(metrics.MeanNumberInSystem),
            Servers = servers,
        };
    }

    private static double? ServiceLevel(MMcQueue queue, double? waitTarget) =>
        waitTarget is { } target && queue.IsStable ? Finite(queue.ServiceLevel(target)) : null;

    private static double Load(QueueingRequest request)
    {
        double arrivalRate = Required(request.ArrivalRate, "arrivalRate");
        if (!(arrivalRate >= 0) || double.IsInfinity(arrivalRate))
        {
            throw Invalid($"arrivalRate must be a finite number >= 0 (got {arrivalRate})");
        }

        double serviceRate = request.ServiceRate ?? 1;
        if (!(serviceRate > 0) || double.IsInfinity(serviceRate))
        {
            throw Invalid($"serviceRate must be a finite number > 0 (got {serviceRate})");
        }

        double load = arrivalRate / serviceRate;
        if (!double.IsFinite(load))
        {
            throw Invalid($"arrivalRate / serviceRate (the offered load in Erlangs) must be finite (got {arrivalRate} / {serviceRate})");
        }

        return load;
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    private static double Required(double? value, string name) =>
        value ?? throw Invalid($"{name} is required");

    private static int Integer(double? value, string name)
    {
        double number = Required(value, name);
        if (!(number >= int.MinValue && number <= int.MaxValue) || Math.Floor(number) != number)
        {
            throw Invalid($"{name} must be a whole number (got {number})");
        }

        return (int)number;
    }

    private static ArgumentException Invalid(string message) => new(message);
}
