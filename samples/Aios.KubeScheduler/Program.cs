using Aios.KubeScheduler;

await KubeSchedulerApp.Build(args).RunAsync();
