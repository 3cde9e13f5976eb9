using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Pauta.Core.Protocols;
using Pauta.Tests.Shared;
using Pauta.Web.Tests.Infrastructure;
using Pauta.Web.Tests.Protocols;
using UglyToad.PdfPig;
using static Pauta.Web.Tests.Infrastructure.Text;
using static Pauta.Web.Tests.Protocols.Authoring;
using static Pauta.Web.Tests.Protocols.ProtocolScenarios;

namespace Pauta.Web.Tests.Media;

public sealed record MediaDto(Guid Id, string Url, string ContentType, int Size, int Width, int Height, string Sha256);

/// <summary>
/// Step images: uploaded by managers (API and editor), recognised by their bytes, stored once per organisation, served only
/// to that organisation, shown on the reading page, in the guided run and in the PDF; and step videos embedded under a
/// policy that frames the two players only on pages that show one.
/// </summary>
public abstract class MediaTests(PautaApp app)
{
    private const string YouTube = "https://youtu.be/dQw4w9WgXcQ?t=1m5s";
    private const string FramePolicy = "frame-src https://www.youtube-nocookie.com https://player.vimeo.com";

    private static MultipartFormDataContent FileForm(byte[] bytes, string fileName = "image.bin", string contentType = "application/octet-stream")
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return new MultipartFormDataContent { { file, "file", fileName } };
    }

    private static Task<HttpResponseMessage> UploadAsync(Browser who, byte[] bytes, string fileName = "image.bin", string contentType = "application/octet-stream") =>
        who.Client.PostAsync("/api/v1/media", FileForm(bytes, fileName, contentType));

    private async Task<MediaDto> UploadedAsync(Browser who, byte[] bytes, HttpStatusCode status = HttpStatusCode.Created)
    {
        var response = await UploadAsync(who, bytes);
        await response.ShouldHaveStatusAsync(status);
        return (await response.Content.ReadFromJsonAsync<MediaDto>(Browser.Json))!;
    }

    private Task<int> StoredCountAsync() => app.WithDbAsync(db => db.MediaFiles.IgnoreQueryFilters().CountAsync());

    private static Protocol WithFirstStep(Protocol p, IReadOnlyList<string> images, string? video) => p with
    {
        Steps = p.Steps.Select((s, i) => i == 0 ? s with { Images = images, VideoUrl = video } : s).ToList(),
    };

    public static TheoryData<string, byte[], string, int, int> GoodImages() => new()
    {
        { "png", TestImages.Png(64, 48, seed: 1), "image/png", 64, 48 },
        { "jpeg", TestImages.Jpeg(640, 480, seed: 2), "image/jpeg", 640, 480 },
        { "webp", TestImages.WebP(320, 200), "image/webp", 320, 200 },
        { "gif", TestImages.Gif(33, 21), "image/gif", 33, 21 },
    };

    [Theory]
    [MemberData(nameof(GoodImages))]
    public async Task Each_good_format_is_stored_as_what_its_bytes_are_whatever_its_name_and_declared_type_say(
        string kind, byte[] bytes, string contentType, int width, int height)
    {
        var manager = await app.SignInAsync(Demo.Manager);

        // The name and the declared type lie; the bytes decide.
        var response = await UploadAsync(manager, bytes, fileName: "notes.txt", contentType: "text/plain");

        await response.ShouldHaveStatusAsync(HttpStatusCode.Created, kind);
        var media = (await response.Content.ReadFromJsonAsync<MediaDto>(Browser.Json))!;
        media.ContentType.ShouldBe(contentType);
        (media.Width, media.Height, media.Size).ShouldBe((width, height, bytes.Length));
        media.Url.ShouldBe($"/media/{media.Id}");
        response.Headers.Location!.OriginalString.ShouldBe(media.Url);
        var row = await app.WithDbAsync(db => db.MediaFiles.IgnoreQueryFilters().SingleAsync(m => m.Id == media.Id));
        row.Bytes.ShouldBe(bytes);
        row.Sha256.ShouldBe(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
        var lucia = await app.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == Demo.Manager));
        row.UploadedByUserId.ShouldBe(lucia.Id);

        // Any member of the organisation reads it back, as the inert file it is, cached for good under its hash.
        var agent = await app.SignInAsync(Demo.Agent);
        var served = await agent.GetAsync(media.Url);
        await served.ShouldHaveStatusAsync(HttpStatusCode.OK);
        (await served.Content.ReadAsByteArrayAsync()).ShouldBe(bytes);
        served.Content.Headers.ContentType!.MediaType.ShouldBe(contentType);
        served.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        served.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("inline");
        served.Headers.GetValues("Content-Security-Policy").Single().ShouldBe("default-src 'none'; frame-ancestors 'none'; sandbox");
        served.Headers.CacheControl!.ToString().ShouldContain("immutable");
        served.Headers.CacheControl.MaxAge.ShouldBe(TimeSpan.FromDays(365));
        served.Headers.ETag!.Tag.ShouldBe($"\"{media.Sha256}\"");

        var again = new HttpRequestMessage(HttpMethod.Get, media.Url);
        again.Headers.IfNoneMatch.Add(served.Headers.ETag);
        (await agent.Client.SendAsync(again)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
    }

    public static TheoryData<string, byte[], string> HostileFiles() => new()
    {
        { "svg", Encoding.UTF8.GetBytes(TestImages.Svg), Es("Media.Svg") },
        { "html named .png", Encoding.UTF8.GetBytes(TestImages.Html), Es("Media.NotAnImage") },
        { "html after a png signature", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.UTF8.GetBytes(TestImages.Html)], Es("Media.BadHeader") },
        { "png cut in half", TestImages.Png(40, 40)[..200], Es("Media.Truncated") },
        { "png whose header lies", TestImages.PngWith(4000, 3000, TestImages.RgbRows(10, 10)), Es("Media.BadHeader") },
        { "png with a broken header checksum", TestImages.PngWith(10, 10, TestImages.RgbRows(10, 10), breakHeaderCrc: true), Es("Media.BadHeader") },
        { "jpeg without its end", TestImages.Jpeg(10, 10, withEnd: false), Es("Media.Truncated") },
        { "jpeg of zero height", TestImages.Jpeg(10, 0), Es("Media.NoSize") },
        { "jpeg 9000 px wide", TestImages.Jpeg(9000, 10), Es("Media.TooManyPixels", 8000) },
        { "gif frame outside its screen", TestImages.Gif(10, 10, frameWidth: 50), Es("Media.BadHeader") },
        { "webp cut short", TestImages.WebP(10, 10, riffSlack: 50), Es("Media.Truncated") },
        { "empty file", [], Es("Media.Empty") },
    };

    [Theory]
    [MemberData(nameof(HostileFiles))]
    public async Task A_hostile_or_broken_file_is_refused_with_its_message_and_nothing_is_stored(string kind, byte[] bytes, string message)
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var before = await StoredCountAsync();

        var response = await UploadAsync(manager, bytes, fileName: "photo.png", contentType: "image/png");

        var problem = await response.ShouldBeValidationProblemAsync("file");
        problem.Errors!["file"].ShouldBe([message], kind);
        (await StoredCountAsync()).ShouldBe(before, kind);
    }

    [Fact]
    public async Task An_image_over_two_megabytes_is_413_with_a_message_that_names_the_limit_and_nothing_is_stored()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var before = await StoredCountAsync();
        var big = new byte[ImageSniffer.MaxBytes + 1];
        TestImages.Png(8, 8).CopyTo(big, 0);

        var inForm = await UploadAsync(manager, big);
        var problem = await inForm.ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        problem.Title.ShouldBe(Es("Media.TooLarge", 2));
        problem.Title!.ShouldContain("2 MB");

        // Far larger bodies are refused before they are read.
        var huge = new ByteArrayContent(new byte[5 * 1024 * 1024]);
        huge.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        (await (await manager.Client.PostAsync("/api/v1/media", huge)).ShouldBeProblemAsync(HttpStatusCode.RequestEntityTooLarge))
            .Title.ShouldBe(Es("Media.TooLarge", 2));
        (await StoredCountAsync()).ShouldBe(before);
    }

    [Fact]
    public async Task The_same_bytes_uploaded_twice_are_stored_once_and_the_second_upload_answers_the_first()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var bytes = TestImages.Png(20, 10, seed: 77);
        var before = await StoredCountAsync();

        var first = await UploadedAsync(manager, bytes);
        var raw = new ByteArrayContent(bytes);
        raw.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        var response = await manager.Client.PostAsync("/api/v1/media", raw);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        var second = (await response.Content.ReadFromJsonAsync<MediaDto>(Browser.Json))!;

        second.ShouldBe(first);
        (await StoredCountAsync()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task Only_managers_upload_and_a_read_only_token_cannot()
    {
        var agent = await app.SignInAsync(Demo.Agent);
        await (await UploadAsync(agent, TestImages.Png(5, 5, seed: 9))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var admin = await app.SignInAsync(Demo.Admin);
        var readOnly = await admin.CreateTokenAsync("Read");
        var client = app.WithToken(readOnly.Secret);
        await (await client.PostAsync("/api/v1/media", FileForm(TestImages.Png(5, 5, seed: 9)))).ShouldBeProblemAsync(HttpStatusCode.Forbidden);

        var writer = app.WithToken((await admin.CreateTokenAsync("Read, Write")).Secret);
        (await writer.PostAsync("/api/v1/media", FileForm(TestImages.Png(5, 5, seed: 10)))).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Another_organisation_can_neither_read_an_image_nor_put_it_in_its_protocols()
    {
        var other = await app.SignUpAsync("Fotos Ajenas S.L.", Demo.NewEmail("photos"));
        var theirs = await UploadedAsync(other, TestImages.Png(30, 30, seed: 123));
        var manager = await app.SignInAsync(Demo.Manager);

        (await manager.GetAsync(theirs.Url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.NewBrowser().GetAsync(theirs.Url)).StatusCode.ShouldNotBe(HttpStatusCode.OK);

        // Putting its address in a step is refused beside that image's field, and the draft keeps what it had.
        var id = await CreateAsync(manager, "es/atencion-telefonica", title: "Fotos prestadas");
        var fields = Fields(await OpenAsync(manager, id)).Plus("Input.Steps[0].Images[0]", theirs.Url);
        var saved = await PostAsync(manager, id, fields, "save");
        saved.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        MarksAt(saved, "steps[0].images[0]").ShouldContain(Es("Media.Unknown", theirs.Url));
        (await DraftTextAsync(app, id)).ShouldNotContain(theirs.Url);

        // The API says the same, by field.
        var draft = await manager.GetJsonAsync<DraftWithProtocol>($"/api/v1/protocols/{id}/draft");
        var response = await manager.PutJsonAsync($"/api/v1/protocols/{id}/draft",
            new { protocol = WithFirstStep(draft.Protocol, [theirs.Url], null), version = draft.Version });
        (await response.ShouldBeValidationProblemAsync("steps[0].images[0]")).Errors!["steps[0].images[0]"].ShouldBe([Es("Media.Unknown", theirs.Url)]);
    }

    public sealed record DraftWithProtocol(Protocol Protocol, int Version);

    [Fact]
    public async Task A_manager_uploads_an_image_in_the_editor_and_it_joins_the_step_with_the_focus_on_it()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var id = await CreateAsync(manager, "es/atencion-telefonica", title: "Con foto del mostrador");
        var page = await OpenAsync(manager, id);
        page.Document.QuerySelector("#protocol-form")!.GetAttribute("enctype").ShouldBe("multipart/form-data");
        var fileInput = page.Document.QuerySelector("input[type=file][name='Input.Steps[0].Upload']").ShouldNotBeNull();
        fileInput.GetAttribute("accept").ShouldBe("image/png,image/jpeg,image/webp,image/gif");
        page.Document.GetElementById("b-upload-steps-0").ShouldNotBeNull();
        var bytes = TestImages.Png(90, 60, seed: 42);

        var uploaded = await PostEditorWithFileAsync(manager, id, Fields(page), "upload:steps[0]", "Input.Steps[0].Upload", bytes);

        uploaded.ShouldHaveStatus(HttpStatusCode.OK);
        var stored = await app.WithDbAsync(db => db.MediaFiles.IgnoreQueryFilters().SingleAsync(m => m.Sha256 == Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))));
        ValueAt(uploaded, "steps[0].images[0]").ShouldBe($"/media/{stored.Id}");
        uploaded.Document.GetElementById("f-steps-0-images-0")!.HasAttribute("autofocus").ShouldBeTrue();
        uploaded.Text.ShouldContain(Es("Editor.ImageUploaded"));
        uploaded.Document.QuerySelector($"img.thumb[src='/media/{stored.Id}']").ShouldNotBeNull();

        await SaveAsync(manager, id, Fields(uploaded));
        (await DraftAsync(app, id)).Steps[0].Images.ShouldBe([$"/media/{stored.Id}"]);
    }

    [Fact]
    public async Task A_refused_upload_in_the_editor_is_named_beside_the_file_field_and_nothing_is_stored()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var id = await CreateAsync(manager, "es/atencion-telefonica", title: "Con un SVG dentro");
        var page = await OpenAsync(manager, id);
        var before = await StoredCountAsync();

        var refused = await PostEditorWithFileAsync(manager, id, Fields(page), "upload:steps[0]", "Input.Steps[0].Upload", Encoding.UTF8.GetBytes(TestImages.Svg));

        refused.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        MarksAt(refused, "steps[0].upload").ShouldContain(Es("Media.Svg"));
        refused.Document.GetElementById("f-steps-0-upload")!.HasAttribute("autofocus").ShouldBeTrue();
        refused.Document.GetElementById("f-steps-0-images-0").ShouldBeNull();
        (await StoredCountAsync()).ShouldBe(before);

        var empty = await PostEditorWithFileAsync(manager, id, Fields(page), "upload:steps[0]", null, null);
        empty.ShouldHaveStatus(HttpStatusCode.UnprocessableEntity);
        MarksAt(empty, "steps[0].upload").ShouldContain(Es("Media.Missing"));
    }

    private static async Task<Page> PostEditorWithFileAsync(Browser who, Guid id, IEnumerable<KeyValuePair<string, string>> fields, string op,
        string? fileField, byte[]? bytes)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, value) in fields.Where(f => f.Key != "op").Append(new("op", op))) form.Add(new StringContent(value), name);
        if (fileField is not null && bytes is not null)
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, fileField, "photo.png");
        }
        return await Page.ReadAsync(await who.Client.PostAsync(EditUrl(id), form));
    }

    [Fact]
    public async Task The_reading_page_shows_the_image_and_embeds_the_video_with_the_players_allowed_only_there()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var image = await UploadedAsync(manager, TestImages.Png(120, 80, seed: 5));
        var id = await app.ProtocolIdAsync(DemoReception);
        var plain = await manager.GetPageAsync(ReadUrl(id));
        plain.Response.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("frame-src");

        var title = "";
        await app.PublishEditAsync(id, p =>
        {
            title = p.Steps[0].Title.Trim();
            return WithFirstStep(p, [image.Url, "https://fotos.example/mostrador.jpg"], YouTube);
        }, "Foto y vídeo del saludo");
        var page = await manager.GetPageAsync(ReadUrl(id));

        page.ShouldHaveStatus(HttpStatusCode.OK);
        var img = page.Document.QuerySelector($"img[src='{image.Url}']").ShouldNotBeNull();
        img.GetAttribute("alt").ShouldBe(Es("Read.Image", title));
        var step = img.Closest("li.step").ShouldNotBeNull();
        var outside = step.QuerySelector("a[href='https://fotos.example/mostrador.jpg']").ShouldNotBeNull();
        outside.GetAttribute("rel").ShouldBe("noopener noreferrer");
        var frame = step.QuerySelector("iframe").ShouldNotBeNull();
        frame.GetAttribute("src").ShouldBe("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?start=65");
        frame.GetAttribute("sandbox").ShouldBe("allow-scripts allow-same-origin allow-presentation");
        frame.GetAttribute("loading").ShouldBe("lazy");
        frame.GetAttribute("referrerpolicy").ShouldNotBeNullOrEmpty();
        frame.GetAttribute("title").ShouldStartWith(Es("Read.VideoTitle", title));
        var policy = page.Response.Headers.GetValues("Content-Security-Policy").Single();
        policy.ShouldContain(FramePolicy);
        policy.ShouldContain("script-src 'self'");
        policy.ShouldContain("frame-ancestors 'none'");

        // Other pages keep the strict policy.
        (await manager.GetAsync("/protocols")).Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("frame-src");
    }

    [Fact]
    public async Task A_video_of_any_other_host_is_a_link_that_opens_in_a_new_tab_and_frames_nothing()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var id = await app.ProtocolIdAsync(DemoWritten);
        await app.PublishEditAsync(id, p => WithFirstStep(p, [], "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ"), "Vídeo de fuera");

        var page = await manager.GetPageAsync(ReadUrl(id));

        page.ShouldHaveStatus(HttpStatusCode.OK);
        page.Document.QuerySelector("iframe").ShouldBeNull();
        var link = page.Document.QuerySelector("a[href='https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ']").ShouldNotBeNull();
        link.GetAttribute("rel").ShouldBe("noopener noreferrer");
        link.GetAttribute("target").ShouldBe("_blank");
        link.TextContent.Trim().ShouldBe(Es("Read.VideoOutside"));
        page.Response.Headers.GetValues("Content-Security-Policy").Single().ShouldNotContain("frame-src");
    }

    [Fact]
    public async Task The_pdf_embeds_the_organisations_png_and_jpeg_images_and_keeps_other_addresses_as_text()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var png = await UploadedAsync(manager, TestImages.Png(400, 300, seed: 8));
        var jpeg = await UploadedAsync(manager, TestImages.Jpeg(800, 600, seed: 9));
        var id = await app.ProtocolIdAsync(DemoPhone);
        var before = await PdfImagesAsync(manager, $"/protocols/{id}/pdf");

        await app.PublishEditAsync(id, p => WithFirstStep(p, [png.Url, jpeg.Url, "https://fotos.example/telefono.jpg"], null), "Fotos del teléfono");

        var (images, text, links) = await PdfAsync(manager, $"/protocols/{id}/pdf");
        images.Count.ShouldBe(before + 2);
        text.ShouldContain("https://fotos.example/telefono.jpg");
        links.ShouldContain("https://fotos.example/telefono.jpg");
        text.ShouldNotContain(png.Url);
        // Scaled to fit the column: nothing wider than the page's text width.
        var (manualImages, _, _) = await PdfAsync(manager, "/protocols/manual.pdf");
        manualImages.Count.ShouldBeGreaterThanOrEqualTo(2);
        images.ShouldAllBe(w => w <= 595.28 - 2 * 56 + 0.01);
    }

    private static async Task<int> PdfImagesAsync(Browser who, string url) => (await PdfAsync(who, url)).Widths.Count;

    private static async Task<(List<double> Widths, string Text, List<string> Links)> PdfAsync(Browser who, string url)
    {
        var response = await who.GetAsync(url);
        await response.ShouldHaveStatusAsync(HttpStatusCode.OK);
        using var document = PdfDocument.Open(await response.Content.ReadAsByteArrayAsync());
        var pages = document.GetPages().ToList();
        return (pages.SelectMany(p => p.GetImages()).Select(i => i.BoundingBox.Width).ToList(),
            string.Join("\n", pages.Select(p => string.Join(" ", p.GetWords().Select(w => w.Text)))),
            pages.SelectMany(p => p.GetHyperlinks()).Select(h => h.Uri).ToList());
    }

    [Fact]
    public async Task The_guided_run_shows_the_current_steps_images_and_video_and_allows_the_players()
    {
        var manager = await app.SignInAsync(Demo.Manager);
        var image = await UploadedAsync(manager, TestImages.Png(50, 50, seed: 31));
        var id = await app.ProtocolIdAsync(DemoReturns);
        await app.PublishEditAsync(id, p => WithFirstStep(p, [image.Url], "https://vimeo.com/76979871"), "Foto y vídeo");

        var agent = await app.SignInAsync(Demo.Agent);
        var reason = Uri.EscapeDataString("quiero devolver unos zapatos que me quedaron chicos");
        var start = await agent.GetPageAsync($"/contacts/new?Input.Channel=Phone&Input.Reason={reason}");
        var fields = Page.FieldsOf(start.Document.QuerySelector("#start-contact")!)
            .Set("Input.CustomerName", "Marta Gómez").Set("Input.SameNameIsAnother", "true");
        var started = await agent.PostFormAsync("/contacts/new", fields);
        started.ShouldHaveStatus(HttpStatusCode.Redirect);
        var run = await agent.GetPageAsync(started.Location!);

        run.ShouldHaveStatus(HttpStatusCode.OK);
        run.Document.QuerySelector($"#run img[src='{image.Url}']").ShouldNotBeNull();
        run.Document.QuerySelector("#run iframe")!.GetAttribute("src").ShouldBe("https://player.vimeo.com/video/76979871");
        run.Response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain(FramePolicy);
    }
}

public sealed class MediaOnSqlite(SqliteApp app) : MediaTests(app), IClassFixture<SqliteApp>;

public sealed class MediaOnPostgres(PostgresApp app) : MediaTests(app), IClassFixture<PostgresApp>;
