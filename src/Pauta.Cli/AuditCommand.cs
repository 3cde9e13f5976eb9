using Pauta.Core.Audit;

namespace Pauta.Cli;

/// <summary>
/// `pauta audit verify &lt;bundle&gt;`: checks an audit bundle offline, with no database and no server (docs/audit.md).
/// Exit codes: 0 the bundle verifies, 1 it does not (the first bad place and why), 2 the file is missing or unreadable.
/// Sentences come from the server's texts (Audit page and CLI say the same), in English or Spanish.
/// </summary>
public static class AuditCommand
{
    public static int Verify(FileInfo file, string? expectedKeyId, string language, TextWriter output, TextWriter error)
    {
        var texts = LintTexts.For(language);
        var name = file.ToString();
        AuditBundleVerification result;
        try
        {
            if (!file.Exists)
            {
                error.WriteLine(texts.Say("AuditVerify.FileMissing", name));
                return 2;
            }
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            result = AuditBundleVerifier.Verify(stream, expectedKeyId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error.WriteLine(texts.Say("AuditVerify.FileUnreadable", name, ex.Message));
            return 2;
        }

        if (!result.Ok)
        {
            output.WriteLine(texts.Say("AuditVerify.Failed", name, Where(result, texts), result.Line));
            output.WriteLine(texts.Say("AuditVerify.Problem." + result.Problem, result.Args()));
            return 1;
        }
        output.WriteLine(texts.Say("AuditVerify.Verified", name));
        if (result.Checkpoints == 0) output.WriteLine(texts.Say("AuditVerify.NoCheckpoint"));
        else
            output.WriteLine(texts.Say("AuditVerify.Summary", result.Entries, result.Checkpoints, Convert.ToHexStringLower(result.LastRoot!),
                result.LastCheckpointSize!.Value, result.KeyId!, result.OrganisationId!.Value.ToString("D")));
        if (result.UnsignedEntries > 0 && result.Checkpoints > 0) output.WriteLine(texts.Say("AuditVerify.Unsigned", result.UnsignedEntries));
        return 0;
    }

    private static string Where(AuditBundleVerification result, LintTexts texts) => result.Part switch
    {
        AuditBundlePart.Header or AuditBundlePart.None => texts.Say("AuditVerify.Where.Header"),
        AuditBundlePart.Entry => texts.Say("AuditVerify.Where.Entry", result.FirstBadIndex ?? 0),
        AuditBundlePart.Checkpoint => texts.Say("AuditVerify.Where.Checkpoint", result.Checkpoint ?? 0),
        AuditBundlePart.End => texts.Say("AuditVerify.Where.End"),
    };
}
