using Pauta.Core.Protocols;

namespace Pauta.Web.Features.Training;

/// <summary>
/// What the lesson partial renders: one step, the way its scripts are filled, the heading level it starts at, and the title
/// of its protocol (the step's media name it).
/// </summary>
public sealed record LessonStep(Step Step, Func<Script, Microsoft.AspNetCore.Html.IHtmlContent> Script, int HeadingLevel, string ProtocolTitle);
