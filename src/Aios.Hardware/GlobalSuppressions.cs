using System.Diagnostics.CodeAnalysis;

[assembly: SuppressMessage("Naming", "CA1716:Identifiers should not match keywords", Scope = "namespace", Target = "~N:Aios.Hardware.Static", Justification = "The namespace names the static (declared) device provider; it matches its folder, and VB callers can still qualify it.")]
