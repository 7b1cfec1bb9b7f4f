// CloudFront viewer-request function (JavaScript runtime 2.0) in front of the edge function's URL.
// Header names in __DOUBLE_UNDERSCORES__ are filled in by the CDK app from actionlog.core.Names.
function handler(event) {
  var request = event.request;
  var headers = request.headers;

  // The Function URL must see its own Host; the viewer's host travels as X-Forwarded-Host.
  if (headers.host) {
    headers['x-forwarded-host'] = { value: headers.host.value };
  }

  // The viewer's address as CloudFront saw it (no port), overwriting anything the client sent under this name.
  headers['__VIEWER_ADDRESS_HEADER__'] = { value: event.viewer.ip };

  // The country only where CloudFront provides CloudFront-Viewer-Country; a client's value never passes.
  var country = headers['cloudfront-viewer-country'];
  if (country && /^[A-Z]{2}$/.test(country.value)) {
    headers['__VIEWER_COUNTRY_HEADER__'] = { value: country.value };
  } else {
    delete headers['__VIEWER_COUNTRY_HEADER__'];
  }
  return request;
}
