namespace Pauta.Core.Training;

/// <summary>What an organisation (or one protocol) does when someone has not passed a protocol's current major version. Stored: never renumber.</summary>
public enum GateMode
{
    /// <summary>Training never stands in the way of a contact.</summary>
    Off = 0,
    /// <summary>The contact starts, and the agent and the board see that the training is missing.</summary>
    Warn = 1,
    /// <summary>The contact does not start unless a supervisor allows this one contact, with a reason.</summary>
    Block = 2,
}

/// <summary>Whom an assignment rule of a course reaches. Stored: never renumber.</summary>
public enum AssignmentTarget
{
    /// <summary>Everyone with a role (stored as the role's number in the rule's target).</summary>
    Role = 0,
    Department = 1,
    Position = 2,
    /// <summary>One member.</summary>
    Person = 3,
}

/// <summary>
/// Major versions are the ones people must be trained on again; minor versions are wording. Version 1 always counts
/// as major: there is nothing before it to have been trained on.
/// </summary>
public static class MajorVersions
{
    /// <summary>
    /// The major version that <paramref name="version"/> belongs to: the latest major version at or before it.
    /// <paramref name="majors"/> lists the numbers of the protocol's major versions (any order; version 1 is added).
    /// </summary>
    public static int Of(int version, IEnumerable<int> majors)
    {
        var result = 1;
        foreach (var m in majors)
            if (m <= version && m > result) result = m;
        return Math.Min(result, Math.Max(version, 1));
    }

    /// <summary>Whether a person who acknowledged <paramref name="acknowledged"/> is trained on the protocol's current major version.</summary>
    public static bool Covers(int? acknowledged, int currentMajor) => acknowledged is { } a && a >= currentMajor;
}
