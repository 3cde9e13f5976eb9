using System.Security.Cryptography;

namespace Pauta.Core.Audit;

/// <summary>
/// Signing and verifying checkpoints: ECDSA over P-256 with SHA-256, the signature in IEEE P1363 form (r ‖ s, 64 bytes).
/// A key is named by its key id: lower-case hex of the first 8 bytes of SHA-256 over its SubjectPublicKeyInfo (DER).
/// </summary>
public static class AuditSignature
{
    public const int SignatureLength = 64;
    private const string P256Oid = "1.2.840.10045.3.1.7";

    /// <summary>The key id of a public key given as SubjectPublicKeyInfo DER.</summary>
    public static string KeyId(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo)[..8]);

    /// <summary>The signature of a checkpoint (its text, <see cref="AuditCheckpointText.Bytes"/>).</summary>
    public static byte[] Sign(ECDsa privateKey, AuditTreeHead head)
    {
        ArgumentNullException.ThrowIfNull(privateKey);
        RequireP256(privateKey);
        return privateKey.SignData(AuditCheckpointText.Bytes(head), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Whether <paramref name="signature"/> (P1363, 64 bytes) is the key's signature of the checkpoint's text.</summary>
    public static bool Verify(ECDsa publicKey, AuditTreeHead head, ReadOnlySpan<byte> signature)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        if (signature.Length != SignatureLength) return false;
        return publicKey.VerifyData(AuditCheckpointText.Bytes(head), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>Imports a public key from SubjectPublicKeyInfo DER; only an EC key on P-256 is accepted.</summary>
    public static bool TryImportPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo, out ECDsa? key, out string problem)
    {
        key = null;
        var candidate = ECDsa.Create();
        try
        {
            candidate.ImportSubjectPublicKeyInfo(subjectPublicKeyInfo, out var read);
            if (read != subjectPublicKeyInfo.Length)
            {
                problem = "The public key has bytes after its SubjectPublicKeyInfo.";
                candidate.Dispose();
                return false;
            }
            if (!IsP256(candidate))
            {
                problem = "The public key is not on the P-256 curve.";
                candidate.Dispose();
                return false;
            }
        }
        catch (Exception e) when (e is CryptographicException or PlatformNotSupportedException or NotSupportedException or ArgumentException)
        {
            // A damaged key can name a curve the platform does not know: that is a bad key, not a crash.
            candidate.Dispose();
            problem = "The public key is not an EC SubjectPublicKeyInfo.";
            return false;
        }
        key = candidate;
        problem = "";
        return true;
    }

    /// <summary>Imports a public key from SubjectPublicKeyInfo DER, throwing <see cref="FormatException"/> when it is not a P-256 key.</summary>
    public static ECDsa ImportPublicKey(ReadOnlySpan<byte> subjectPublicKeyInfo) =>
        TryImportPublicKey(subjectPublicKeyInfo, out var key, out var problem) ? key! : throw new FormatException(problem);

    private static bool IsP256(ECDsa key)
    {
        if (key.KeySize != 256) return false;
        var curve = key.ExportParameters(false).Curve;
        return curve.IsNamed && (curve.Oid.Value == P256Oid || curve.Oid.FriendlyName is "nistP256" or "ECDSA_P256");
    }

    private static void RequireP256(ECDsa key)
    {
        if (!IsP256(key)) throw new ArgumentException("Audit checkpoints are signed with a P-256 key.", nameof(key));
    }
}

/// <summary>An organisation's signing key: its id, the public half (SubjectPublicKeyInfo DER) and the private half (PKCS#8 DER).</summary>
public sealed record AuditKeyMaterial(string KeyId, byte[] PublicKey, byte[] PrivateKey)
{
    /// <summary>An <see cref="ECDsa"/> that signs with this key; the caller disposes it.</summary>
    public ECDsa OpenPrivate()
    {
        var key = ECDsa.Create();
        key.ImportPkcs8PrivateKey(PrivateKey, out _);
        return key;
    }

    /// <summary>An <see cref="ECDsa"/> that verifies with this key; the caller disposes it.</summary>
    public ECDsa OpenPublic() => AuditSignature.ImportPublicKey(PublicKey);
}

/// <summary>Making signing keys.</summary>
public static class AuditSigningKeys
{
    /// <summary>A new random P-256 key.</summary>
    public static AuditKeyMaterial New()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return From(key);
    }

    /// <summary>The material of an existing P-256 key (with its private half).</summary>
    public static AuditKeyMaterial From(ECDsa key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var spki = key.ExportSubjectPublicKeyInfo();
        return new AuditKeyMaterial(AuditSignature.KeyId(spki), spki, key.ExportPkcs8PrivateKey());
    }
}
