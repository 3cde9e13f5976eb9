using Pauta.Core.Organisations;
using Pauta.Core.Protocols;

namespace Pauta.Core.Tests.Protocols;

public class ProtocolBuilderTests
{
    [Fact]
    public void The_complete_phone_protocol_lints_without_a_single_finding()
    {
        ProtocolBuilder.PhoneProtocol().Lint().ShouldBeEmpty();
    }

    [Fact]
    public void The_complete_phone_protocol_allows_publishing()
    {
        ProtocolLinter.AllowsPublishing(ProtocolBuilder.PhoneProtocol().Lint()).ShouldBeTrue();
    }

    [Fact]
    public void The_complete_phone_protocol_greets_on_the_phone_with_the_company_and_the_agent()
    {
        var protocol = ProtocolBuilder.PhoneProtocol();

        protocol.Channels.ShouldBe(Channels.Phone);
        var greeting = protocol.Steps[0].Scripts.ShouldHaveSingleItem();
        greeting.IsGreeting.ShouldBeTrue();
        ScriptTemplate.Preview(greeting.Text, "es")
            .ShouldBe("Buenos días, gracias por llamar a Tiendas Suárez, le habla Lucía Gómez, ¿en qué puedo ayudarle?");
    }

    [Fact]
    public void The_complete_phone_protocol_has_a_question_branch()
    {
        var question = ProtocolBuilder.PhoneProtocol().Steps.Single(s => s.IsQuestion);

        question.Answers.Count.ShouldBeGreaterThan(1);
        question.Answers.Select(a => a.Next).Distinct().Count().ShouldBe(question.Answers.Count);
    }

    [Fact]
    public void The_complete_phone_protocol_also_lints_clean_offline()
    {
        ProtocolBuilder.PhoneProtocol().Lint(LintContext.Offline).ShouldBeEmpty();
    }
}
