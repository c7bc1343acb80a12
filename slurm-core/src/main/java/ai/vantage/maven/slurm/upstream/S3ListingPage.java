package ai.vantage.maven.slurm.upstream;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** One page of an S3 ListObjectsV2 answer: its common prefixes and the token of the next page, if any. */
record S3ListingPage(List<String> commonPrefixes, String nextContinuationToken) {

    static S3ListingPage parse(byte[] xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            Document document = builder.parse(new ByteArrayInputStream(xml));
            Element root = document.getDocumentElement();
            if (!root.getTagName().equals("ListBucketResult")) {
                throw new IOException("Not an S3 listing: <" + root.getTagName() + ">");
            }
            List<String> prefixes = new ArrayList<>();
            NodeList groups = root.getElementsByTagName("CommonPrefixes");
            for (int i = 0; i < groups.getLength(); i++) {
                NodeList prefix = ((Element) groups.item(i)).getElementsByTagName("Prefix");
                if (prefix.getLength() > 0) {
                    prefixes.add(prefix.item(0).getTextContent().trim());
                }
            }
            boolean truncated = text(root, "IsTruncated").equals("true");
            String token = text(root, "NextContinuationToken");
            return new S3ListingPage(prefixes, truncated && !token.isEmpty() ? token : null);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("Malformed S3 listing: " + e.getMessage(), e);
        }
    }

    private static String text(Element root, String tag) {
        NodeList nodes = root.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().trim();
    }
}
