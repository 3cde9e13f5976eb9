namespace Pauta.Core.Contacts;

/// <summary>The customer survey's rules, shared by the survey page and the history generator.</summary>
public static class SurveyRules
{
    /// <summary>Scores at or below this ask for a reason and open a service recovery.</summary>
    public const int LowScore = 2;

    /// <summary>How soon a supervisor must call back an unhappy customer, in the organisation's business time.</summary>
    public static readonly TimeSpan RecoveryTarget = TimeSpan.FromHours(4);
}
