using System.Security.Cryptography;
using System.Text;

namespace Pauta.Core.Training;

/// <summary>What a course and an acknowledgement record about the exact text they rest on.</summary>
public static class ContentHash
{
    /// <summary>Lower-case hexadecimal SHA-256 of the UTF-8 bytes (no byte order mark) of a version's canonical file text.</summary>
    public static string Of(string canonicalText) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalText)));
}
