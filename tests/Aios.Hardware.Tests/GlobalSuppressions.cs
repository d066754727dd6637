using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:Aios.Hardware.Tests.Static", Justification = "The test namespace mirrors the library's Aios.Hardware.Static folder.")]
