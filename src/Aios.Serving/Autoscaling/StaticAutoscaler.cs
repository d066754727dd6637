namespace Aios.Serving.Autoscaling;

/// <summary>A fixed replica count.</summary>
internal sealed class StaticAutoscaler : Autoscaler
{
    private readonly int _replicas;

    public StaticAutoscaler(int replicas)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(replicas, 1);
        _replicas = replicas;
    }

    public override string Name => "static";

    public override double PeriodSeconds => 60;

    public override int InitialReplicas => _replicas;

    public override int Recommend(in DeploymentObservation observation) => _replicas;
}
