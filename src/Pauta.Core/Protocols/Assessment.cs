namespace Pauta.Core.Protocols;

/// <summary>The training self-assessment: questions graded at once, passed at <see cref="PassMark"/> percent.</summary>
public sealed record Assessment(IReadOnlyList<AssessmentQuestion> Questions, int PassMark);

/// <summary>A multiple-choice question; <paramref name="CorrectIndex"/> is the 0-based index into <paramref name="Options"/>.</summary>
public sealed record AssessmentQuestion(string Text, IReadOnlyList<string> Options, int CorrectIndex, string Explanation = "");
