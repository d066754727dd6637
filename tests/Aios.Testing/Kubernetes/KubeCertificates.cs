using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Aios.Testing.Kubernetes;

/// <summary>
/// The control plane's key material, written as PEM files into a folder: a CA (<c>ca.crt</c>), the API server's serving
/// certificate signed by it for 127.0.0.1, localhost and kubernetes.default.svc (<c>apiserver.crt</c>/<c>.key</c>), and the
/// service-account signing key pair (<c>sa.key</c>, <c>sa.pub</c>) — what start-test-cluster.sh makes with openssl.
/// </summary>
internal sealed class KubeCertificates
{
    private KubeCertificates(string folder, X509Certificate2 authority)
    {
        Folder = folder;
        Authority = authority;
    }

    /// <summary>Gets the folder the files are in.</summary>
    public string Folder { get; }

    /// <summary>Gets the CA certificate (public part only): clients trust the API server through it.</summary>
    public X509Certificate2 Authority { get; }

    public string AuthorityFile => Path.Combine(Folder, "ca.crt");

    public string ServingCertificateFile => Path.Combine(Folder, "apiserver.crt");

    public string ServingKeyFile => Path.Combine(Folder, "apiserver.key");

    public string ServiceAccountKeyFile => Path.Combine(Folder, "sa.key");

    public string ServiceAccountPublicKeyFile => Path.Combine(Folder, "sa.pub");

    /// <summary>Makes fresh keys and certificates, valid from an hour ago for a year, and writes them (keys readable by the owner only).</summary>
    public static KubeCertificates Create(string folder)
    {
        Directory.CreateDirectory(folder);
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        DateTimeOffset notAfter = notBefore.AddYears(1);

        using RSA authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=aios-kube-test-ca", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, critical: true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, critical: false));
        using X509Certificate2 authority = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using RSA servingKey = RSA.Create(2048);
        var servingRequest = new CertificateRequest("CN=kube-apiserver", servingKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName("kubernetes.default.svc");
        servingRequest.CertificateExtensions.Add(names.Build(critical: false));
        servingRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        servingRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: true));
        servingRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1", "serverAuth")], critical: false));
        servingRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using X509Certificate2 serving = servingRequest.Create(authority, notBefore, notAfter, serial);

        using RSA serviceAccountKey = RSA.Create(2048);

        var certificates = new KubeCertificates(folder, X509CertificateLoader.LoadCertificate(authority.RawData));
        File.WriteAllText(certificates.AuthorityFile, authority.ExportCertificatePem() + "\n");
        File.WriteAllText(certificates.ServingCertificateFile, serving.ExportCertificatePem() + "\n");
        WritePrivate(certificates.ServingKeyFile, servingKey.ExportPkcs8PrivateKeyPem());
        WritePrivate(certificates.ServiceAccountKeyFile, serviceAccountKey.ExportRSAPrivateKeyPem());
        File.WriteAllText(certificates.ServiceAccountPublicKeyFile, serviceAccountKey.ExportSubjectPublicKeyInfoPem() + "\n");
        return certificates;
    }

    /// <summary>Whether a server certificate chains to <see cref="Authority"/> (the only root trusted).</summary>
    public bool Trusts(X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using X509Certificate2 leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return chain.Build(leaf);
    }

    private static void WritePrivate(string path, string pem)
    {
        File.WriteAllText(path, pem + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
