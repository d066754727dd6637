namespace Aios.Queueing;

/// <summary>
/// One class of traffic in a <see cref="MultiClassPriorityQueue"/>: Poisson arrivals, service times with a
/// given mean and squared coefficient of variation.
/// </summary>
/// <remarks>
/// The values are checked when a <see cref="MultiClassPriorityQueue"/> is built from them, not here, so that
/// the error can name the class's position (<c>classes[2].ArrivalRate must be ...</c>).
/// </remarks>
/// <param name="ArrivalRate">λ, arrivals of this class per unit time: finite, ≥ 0.</param>
/// <param name="ServiceRate">μ, completions per unit time of one server busy with this class (mean service time 1/μ): finite, &gt; 0.</param>
/// <param name="ServiceScv">
/// The squared coefficient of variation of the service time, Var[S]/E[S]²: finite, ≥ 0. 1 (the default) is
/// exponential service, 0 deterministic.
/// </param>
public readonly record struct PriorityClass(double ArrivalRate, double ServiceRate, double ServiceScv = 1);
