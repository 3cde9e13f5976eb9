namespace Pauta.Core.Protocols;

/// <summary>The three stages every contact goes through, in this order.</summary>
public enum Stage
{
    /// <summary>Apertura: welcome and greeting.</summary>
    Opening = 0,
    /// <summary>Análisis y comprensión: listen and understand the need.</summary>
    Analysis = 1,
    /// <summary>Solución: resolve and close.</summary>
    Solution = 2,
}

public static class Stages
{
    public static readonly IReadOnlyList<Stage> InOrder = [Stage.Opening, Stage.Analysis, Stage.Solution];

    /// <summary>
    /// The stage's name in the protocol's own language. Core needs it for text it generates itself
    /// (the flowchart); the web pages take theirs from the UI text files.
    /// </summary>
    public static string Name(Stage stage, string language) => (stage, language == "en") switch
    {
        (Stage.Opening, false) => "Apertura",
        (Stage.Opening, true) => "Opening",
        (Stage.Analysis, false) => "Análisis y comprensión",
        (Stage.Analysis, true) => "Analysis and understanding",
        (Stage.Solution, false) => "Solución",
        (Stage.Solution, true) => "Solution",
    };
}
