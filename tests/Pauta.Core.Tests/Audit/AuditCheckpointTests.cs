using System.Security.Cryptography;
using System.Text;
using Pauta.Core.Audit;

namespace Pauta.Core.Tests.Audit;

/// <summary>The signed checkpoint text (exact bytes, strict parse) and its ECDSA P-256 signature and key id.</summary>
public sealed class AuditCheckpointTests
{
    private static readonly Guid Organisation = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 15, 30, TimeSpan.Zero);
    private static readonly byte[] Root = Convert.FromHexString("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

    private static AuditTreeHead Head => new(Organisation, 1234, Root, At.AddTicks(1_234_560));

    [Fact]
    public void The_text_is_five_lines_in_the_agreed_form()
    {
        AuditCheckpointText.Format(Head).ShouldBe(
            "pauta-audit-checkpoint/1\n" +
            "0f8fad5b-d9cb-469f-a165-70867728950e\n" +
            "1234\n" +
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\n" +
            "2026-03-02T09:15:30.123456Z\n");
        AuditCheckpointText.Bytes(Head).ShouldBe(Encoding.ASCII.GetBytes(AuditCheckpointText.Format(Head)));
    }

    [Fact]
    public void An_instant_with_an_offset_is_written_in_utc()
    {
        var local = new DateTimeOffset(2026, 3, 2, 10, 15, 30, TimeSpan.FromHours(1));
        AuditCheckpointText.Format(Head with { At = local }).ShouldEndWith("\n2026-03-02T09:15:30.000000Z\n");
    }

    [Fact]
    public void The_text_parses_back_to_the_same_head()
    {
        var parsed = AuditCheckpointText.Parse(AuditCheckpointText.Bytes(Head));
        parsed.OrganisationId.ShouldBe(Organisation);
        parsed.Size.ShouldBe(1234);
        parsed.Root.ShouldBe(Root);
        parsed.At.ShouldBe(Head.At);
    }

    [Theory]
    [InlineData("pauta-audit-checkpoint/2\n", "Line 1")]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E\n", "canonical")]
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950e}\n", "Line 2")]
    [InlineData("01234\n", "canonical")]
    [InlineData("+1234\n", "Line 3")]
    [InlineData("-1\n", "Line 3")]
    [InlineData("5DC9DA79A70659A9AD559CB701DED9A2AB9D823AAD2F4960CFE370EFF4604328\n", "Line 4")]
    [InlineData("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff460432\n", "Line 4")]
    [InlineData("2026-03-02T09:15:30.123Z\n", "Line 5")]
    [InlineData("2026-03-02T09:15:30.123456+00:00\n", "Line 5")]
    public void Any_other_spelling_of_a_line_is_refused(string replacement, string problem)
    {
        var lines = AuditCheckpointText.Format(Head).Split('\n');
        var index = replacement.StartsWith("pauta", StringComparison.Ordinal) ? 0
            : replacement.Contains('-', StringComparison.Ordinal) && replacement.Length > 30 && !replacement.Contains('T', StringComparison.Ordinal) ? 1
            : replacement.Length <= 7 ? 2
            : replacement.Length > 60 ? 3
            : 4;
        lines[index] = replacement.TrimEnd('\n');
        var text = string.Join('\n', lines);
        AuditCheckpointText.TryParse(text, out _, out var why).ShouldBeFalse();
        why.ShouldContain(problem);
    }

    [Theory]
    [InlineData("2026-02-29T09:15:30.123456Z")]
    [InlineData("2026-03-02T24:00:00.000000Z")]
    [InlineData("2026-03-02T09:60:30.123456Z")]
    [InlineData("2026-13-02T09:15:30.123456Z")]
    [InlineData("0000-03-02T09:15:30.123456Z")]
    [InlineData("2026-03-02t09:15:30.123456Z")]
    [InlineData("2026-03-02T09:15:30.12345６Z")]
    [InlineData("2026-03-02T09:15:30,123456Z")]
    [InlineData("2026-03-02T09:15:30.123456z")]
    public void An_instant_that_is_not_a_real_utc_instant_in_the_one_form_is_refused(string text) =>
        AuditCheckpointText.TryParseInstant(text, out _).ShouldBeFalse();

    [Theory]
    [InlineData("2024-02-29T23:59:59.999999Z")]
    [InlineData("0001-01-01T00:00:00.000000Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    public void Every_instant_in_the_one_form_round_trips(string text)
    {
        AuditCheckpointText.TryParseInstant(text, out var at).ShouldBeTrue();
        AuditCheckpointText.Instant(at).ShouldBe(text);
    }

    [Theory]
    [InlineData("pauta-audit-checkpoint/1\n")]
    [InlineData("")]
    public void A_missing_or_extra_line_is_refused(string tail)
    {
        var text = AuditCheckpointText.Format(Head);
        var spoiled = tail.Length == 0 ? text[..^1] : text + tail;
        AuditCheckpointText.TryParse(spoiled, out _, out var why).ShouldBeFalse();
        why.ShouldContain("five lines");
    }

    [Fact]
    public void Bytes_that_are_not_utf8_are_refused()
    {
        var bytes = AuditCheckpointText.Bytes(Head);
        bytes[3] = 0xff;
        Should.Throw<FormatException>(() => AuditCheckpointText.Parse(bytes)).Message.ShouldContain("UTF-8");
    }

    [Fact]
    public void A_signature_is_64_bytes_and_verifies_with_the_public_key_only()
    {
        var material = AuditSigningKeys.New();
        using var signer = material.OpenPrivate();
        using var verifier = material.OpenPublic();
        var signature = AuditSignature.Sign(signer, Head);
        signature.Length.ShouldBe(64);
        AuditSignature.Verify(verifier, Head, signature).ShouldBeTrue();
        // The same check done with the BCL directly on the text: P1363, SHA-256, the exact bytes.
        verifier.VerifyData(AuditCheckpointText.Bytes(Head), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation).ShouldBeTrue();
    }

    [Fact]
    public void A_signature_fails_for_another_size_root_instant_organisation_key_or_a_changed_byte()
    {
        var material = AuditSigningKeys.New();
        using var signer = material.OpenPrivate();
        using var verifier = material.OpenPublic();
        var signature = AuditSignature.Sign(signer, Head);
        AuditSignature.Verify(verifier, Head with { Size = 1235 }, signature).ShouldBeFalse();
        AuditSignature.Verify(verifier, Head with { Root = MerkleTree.EmptyRoot() }, signature).ShouldBeFalse();
        AuditSignature.Verify(verifier, Head with { At = Head.At.AddTicks(10) }, signature).ShouldBeFalse();
        AuditSignature.Verify(verifier, Head with { OrganisationId = Guid.Parse("11111111-2222-3333-4444-555555555555") }, signature).ShouldBeFalse();
        using var other = AuditSigningKeys.New().OpenPublic();
        AuditSignature.Verify(other, Head, signature).ShouldBeFalse();
        for (var i = 0; i < signature.Length; i += 7)
        {
            var spoiled = (byte[])signature.Clone();
            spoiled[i] ^= 1;
            AuditSignature.Verify(verifier, Head, spoiled).ShouldBeFalse($"byte {i}");
        }
        AuditSignature.Verify(verifier, Head, signature.AsSpan(0, 63)).ShouldBeFalse();
        var der = signer.SignData(AuditCheckpointText.Bytes(Head), HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        AuditSignature.Verify(verifier, Head, der).ShouldBeFalse("a DER signature is not the agreed form");
    }

    [Fact]
    public void The_key_id_is_the_first_8_bytes_of_sha256_of_the_spki_in_lower_case_hex()
    {
        var material = AuditSigningKeys.New();
        material.KeyId.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(material.PublicKey))[..16]);
        material.KeyId.Length.ShouldBe(16);
        AuditSignature.KeyId(material.PublicKey).ShouldBe(material.KeyId);
        AuditSigningKeys.New().KeyId.ShouldNotBe(material.KeyId);
    }

    [Fact]
    public void Only_a_p256_public_key_is_imported()
    {
        AuditSignature.TryImportPublicKey(AuditSigningKeys.New().PublicKey, out var key, out _).ShouldBeTrue();
        key!.Dispose();
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        AuditSignature.TryImportPublicKey(p384.ExportSubjectPublicKeyInfo(), out _, out var why).ShouldBeFalse();
        why.ShouldContain("P-256");
        using var rsa = RSA.Create(2048);
        AuditSignature.TryImportPublicKey(rsa.ExportSubjectPublicKeyInfo(), out _, out why).ShouldBeFalse();
        AuditSignature.TryImportPublicKey([1, 2, 3], out _, out _).ShouldBeFalse();
        AuditSignature.TryImportPublicKey([.. AuditSigningKeys.New().PublicKey, 0], out _, out why).ShouldBeFalse();
        Should.Throw<ArgumentException>(() => AuditSignature.Sign(ECDsa.Create(ECCurve.NamedCurves.nistP384), Head));
    }

    [Fact]
    public void A_public_key_naming_an_unknown_curve_is_refused_not_thrown()
    {
        // Found by the bundle mutation test: a damaged curve OID made the import throw PlatformNotSupportedException.
        var spki = AuditSigningKeys.New().PublicKey;
        var oid = spki.AsSpan().IndexOf(new byte[] { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07 });
        oid.ShouldBeGreaterThan(0);
        spki[oid + 1] = 0x8A;
        AuditSignature.TryImportPublicKey(spki, out var key, out var why).ShouldBeFalse();
        key.ShouldBeNull();
        why.ShouldNotBeEmpty();
    }

    [Fact]
    public void A_key_opens_again_from_its_material()
    {
        var material = AuditSigningKeys.New();
        using var again = material.OpenPrivate();
        AuditSigningKeys.From(again).PublicKey.ShouldBe(material.PublicKey);
    }
}
