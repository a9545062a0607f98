// Uploads the chosen files straight over HTTP (one XHR per file, so each has its own progress), never through the
// Blazor circuit: the bytes go from the browser to POST /api/v1/items/{id}/assets, which streams them to disk.

export function listFiles(input) {
    return Array.from(input.files, f => ({ name: f.name, size: f.size }));
}

function send(url, token, form, onProgress) {
    return new Promise(resolve => {
        const xhr = new XMLHttpRequest();
        xhr.open("POST", url);
        xhr.setRequestHeader("RequestVerificationToken", token);
        xhr.upload.onprogress = e => { if (e.lengthComputable) onProgress(e.loaded, e.total); };
        xhr.onload = () => resolve({ status: xhr.status, body: xhr.responseText });
        xhr.onerror = () => resolve({ status: 0, body: "" });
        xhr.send(form);
    });
}

export async function upload(input, url, token, fields, dotnet) {
    const files = Array.from(input.files);
    for (let i = 0; i < files.length; i++) {
        if (fields[i].skip) continue;
        const form = new FormData();
        if (fields[i].modality && fields[i].modality !== "auto") form.append("modality", fields[i].modality);
        if (fields[i].sensor) form.append("sensor", fields[i].sensor);
        form.append("file", files[i], files[i].name);
        let last = 0;
        const result = await send(url, token, form, (loaded, total) => {
            // At most ten updates a second reach the server; the last one always does.
            const now = performance.now();
            if (now - last < 100 && loaded < total) return;
            last = now;
            dotnet.invokeMethodAsync("OnUploadProgress", i, loaded, total);
        });
        await dotnet.invokeMethodAsync("OnUploadDone", i, result.status, result.body);
    }
}
