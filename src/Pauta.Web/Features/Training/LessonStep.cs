using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Training;

/// <summary>What the lesson partial renders: one step, the way its scripts are filled, and the heading level it starts at.</summary>
public sealed record LessonStep(Step Step, Func<Script, string> Script, int HeadingLevel);
